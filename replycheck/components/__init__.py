"""Streamlit custom components of the pages (``st.components.v2``; no build step)."""

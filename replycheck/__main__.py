from replycheck.cli import main

main(prog_name="replycheck")

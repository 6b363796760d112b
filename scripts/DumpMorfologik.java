// Dumps a morfologik POS dictionary (a .dict with its .info beside it) as UTF-8 text:
// one "form<TAB>lemma<TAB>tag" line per entry, in the dictionary's own order.
//
//   javac -cp morfologik-fsa.jar:morfologik-stemming.jar:hppc.jar -d OUT DumpMorfologik.java
//   java -cp OUT:morfologik-fsa.jar:morfologik-stemming.jar:hppc.jar DumpMorfologik x.dict x.tsv
//
// Run by scripts/build_lexicon_morfologik.py, which extracts the .dict/.info from a
// LanguageTool jar first. Adapted from /work/lexsrc/lt/DumpDict.java.

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Paths;

import morfologik.stemming.Dictionary;
import morfologik.stemming.DictionaryIterator;
import morfologik.stemming.WordData;

public class DumpMorfologik {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DumpMorfologik DICT OUT.tsv");
      System.exit(2);
    }
    Dictionary dict = Dictionary.read(Paths.get(args[0]));
    long count = 0;
    try (PrintStream out = new PrintStream(
        new BufferedOutputStream(new FileOutputStream(args[1]), 1 << 16), false, "UTF-8")) {
      DictionaryIterator it = new DictionaryIterator(dict, dict.metadata.getDecoder(), true);
      while (it.hasNext()) {
        WordData entry = it.next();
        CharSequence tag = entry.getTag();
        out.print(entry.getWord());
        out.print('\t');
        out.print(entry.getStem());
        out.print('\t');
        out.print(tag == null ? "" : tag);
        out.print('\n');
        count++;
      }
    }
    System.err.println(count + " entries");
  }
}

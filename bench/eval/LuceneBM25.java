/*
 * LuceneBM25.java - the Lucene baseline of the ranking evaluation.
 *
 * Indexes every DIR/docs/ID.txt in memory with Lucene's EnglishAnalyzer
 * (its English stop words, possessive removal, Porter stemmer) and
 * BM25Similarity with its defaults (k1 1.2, b 0.75), then runs each line
 * of DIR/queries.tsv through the classic QueryParser with its default
 * operator (OR), the query's special characters escaped, and prints the
 * best 1000 documents as a TREC run.  Written for Lucene 4.10 (Debian's
 * liblucene4.10-java).
 *
 * usage: java -cp LUCENE_JARS:. LuceneBM25 DIR > run.trec
 */
import java.io.BufferedReader;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

public class LuceneBM25 {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LuceneBM25 DIR");
            System.exit(2);
        }
        File dir = new File(args[0]);
        Analyzer analyzer = new EnglishAnalyzer();
        BM25Similarity sim = new BM25Similarity();
        RAMDirectory store = new RAMDirectory();
        IndexWriterConfig cfg = new IndexWriterConfig(Version.LUCENE_4_10_4, analyzer);
        cfg.setSimilarity(sim);
        IndexWriter w = new IndexWriter(store, cfg);
        File[] files = new File(dir, "docs").listFiles();
        for (File f : files) {
            String name = f.getName();
            if (!name.endsWith(".txt"))
                continue;
            Document d = new Document();
            d.add(new StringField("id", name.substring(0, name.length() - 4), Field.Store.YES));
            String text = new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
            d.add(new TextField("body", text, Field.Store.NO));
            w.addDocument(d);
        }
        w.close();

        DirectoryReader reader = DirectoryReader.open(store);
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setSimilarity(sim);
        BooleanQuery.setMaxClauseCount(100000);
        QueryParser parser = new QueryParser("body", analyzer);
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        BufferedReader in = Files.newBufferedReader(new File(dir, "queries.tsv").toPath(),
                                                    StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            if (tab < 0)
                continue;
            String qid = line.substring(0, tab);
            Query q = parser.parse(QueryParser.escape(line.substring(tab + 1)));
            ScoreDoc[] hits = searcher.search(q, 1000).scoreDocs;
            for (int i = 0; i < hits.length; i++) {
                String id = searcher.doc(hits[i].doc).get("id");
                out.println(qid + " Q0 " + id + " " + (i + 1) + " " + hits[i].score + " lucene");
            }
        }
        out.flush();
        reader.close();
    }
}

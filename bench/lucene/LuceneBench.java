/*
 * LuceneBench.java - the benchmark's Lucene 4.10 peer: index a tree of
 * text files, run one query, or run a file of queries in one process.
 *
 *   java LuceneBench index INDEX create|append TREE
 *   java LuceneBench search INDEX TYPE WORDS [YEAR_FROM YEAR_TO]
 *   java LuceneBench batch INDEX QUERIES.tsv
 *
 * Documents: path (stored, not analysed), year of the file's modification
 * time (an int field for ranges) and the body (analysed with Lucene's
 * EnglishAnalyzer without stop words, stored).  Queries: the classic
 * QueryParser with AND as the default operator, BM25; the "snip" type
 * also makes three highlighted fragments per hit from the stored text.
 */
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.util.CharArraySet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.NumericRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class LuceneBench {
    static Analyzer analyzer() {
        return new EnglishAnalyzer(CharArraySet.EMPTY_SET);
    }

    static void index(String dir, boolean create, String tree) throws Exception {
        IndexWriterConfig cfg = new IndexWriterConfig(Version.LUCENE_4_10_4, analyzer());
        cfg.setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE
                               : IndexWriterConfig.OpenMode.APPEND);
        cfg.setRAMBufferSizeMB(256);
        cfg.setSimilarity(new BM25Similarity());
        try (IndexWriter w = new IndexWriter(FSDirectory.open(new File(dir)), cfg);
             Stream<Path> files = Files.walk(Paths.get(tree))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                long mtime = Files.getLastModifiedTime(p).toMillis();
                int year = java.time.Instant.ofEpochMilli(mtime)
                               .atZone(java.time.ZoneOffset.UTC).getYear();
                Document d = new Document();
                d.add(new StringField("path", p.toString(), Field.Store.YES));
                d.add(new IntField("year", year, Field.Store.NO));
                d.add(new TextField("body", text, Field.Store.YES));
                w.addDocument(d);
            }
        }
    }

    static Query parse(String type, String words, String y1, String y2) throws Exception {
        QueryParser qp = new QueryParser(Version.LUCENE_4_10_4, "body", analyzer());
        qp.setDefaultOperator(QueryParser.AND_OPERATOR);
        String text = type.startsWith("phrase") ? "\"" + words + "\"" : words;
        Query q = qp.parse(text);
        if (y1 != null && !y1.isEmpty()) {
            BooleanQuery b = new BooleanQuery();
            b.add(q, BooleanClause.Occur.MUST);
            Query range = NumericRangeQuery.newIntRange("year", Integer.parseInt(y1),
                                                Integer.parseInt(y2), true, true);
            range.setBoost(0f);
            b.add(range, BooleanClause.Occur.MUST);
            q = b;
        }
        return q;
    }

    static int run(IndexSearcher s, String type, String words, String y1, String y2,
                   StringBuilder out) throws Exception {
        Query q = parse(type, words, y1, y2);
        TopDocs top = s.search(q, 10);
        Highlighter hl = type.equals("snip")
            ? new Highlighter(new SimpleHTMLFormatter("[", "]"), new QueryScorer(q)) : null;
        for (ScoreDoc sd : top.scoreDocs) {
            Document d = s.doc(sd.doc);
            out.append(d.get("path")).append('\n');
            if (hl != null) {
                String body = d.get("body");
                String[] frags = hl.getBestFragments(analyzer(), "body", body, 3);
                for (String f : frags)
                    out.append("  ").append(f.replace('\n', ' ')).append('\n');
            }
        }
        return top.totalHits;
    }

    static IndexSearcher searcher(String dir) throws IOException {
        IndexSearcher s = new IndexSearcher(DirectoryReader.open(FSDirectory.open(new File(dir))));
        s.setSimilarity(new BM25Similarity());
        return s;
    }

    public static void main(String[] a) throws Exception {
        if (a.length >= 4 && a[0].equals("index")) {
            index(a[1], a[2].equals("create"), a[3]);
        } else if (a.length >= 4 && a[0].equals("search")) {
            StringBuilder out = new StringBuilder();
            int n = run(searcher(a[1]), a[2], a[3], a.length > 5 ? a[4] : null,
                        a.length > 5 ? a[5] : null, out);
            System.out.print(out);
            System.out.println(n + " hits");
        } else if (a.length >= 3 && a[0].equals("batch")) {
            IndexSearcher s = searcher(a[1]);
            List<String> lines = Files.readAllLines(Paths.get(a[2]), StandardCharsets.UTF_8);
            long total = 0;
            for (String line : lines) {
                String[] f = line.split("\t", -1);
                StringBuilder out = new StringBuilder();
                total += run(s, f[0], f[1], f.length > 3 ? f[2] : null,
                             f.length > 3 ? f[3] : null, out);
                System.out.print(out);
            }
            System.out.println(lines.size() + " queries, " + total + " hits");
        } else {
            System.err.println("usage: LuceneBench index DIR create|append TREE | "
                               + "search DIR TYPE WORDS [Y1 Y2] | batch DIR QUERIES");
            System.exit(2);
        }
    }
}

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The Lucene side of `Search.Bench speed`: a line protocol on stdin, one JSON object per reply on stdout.
 *   index PATH    index a TSV file (ordinal TAB text) into a fresh in-memory directory
 *   queries PATH  load queries (ordinal TAB text)
 *   pass          run every query once, top 10; reply with each query's latency in microseconds
 *   results       reply with each query's top-10 document ordinals
 *   quit
 * Usage: java -cp lucene-core.jar:lucene-analyzers-common.jar:. LuceneSpeedHarness K1 B
 */
public final class LuceneSpeedHarness {
    private static final String FIELD = "contents";
    private static final String ORDINAL = "ordinal";
    private static final int TOP = 10;
    private static final int TOTAL_HITS_THRESHOLD = 1000;

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final BM25Similarity similarity;
    private ByteBuffersDirectory directory;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private List<String> queries = new ArrayList<>();

    private LuceneSpeedHarness(float k1, float b) {
        similarity = new BM25Similarity(k1, b);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LuceneSpeedHarness K1 B");
            System.exit(2);
        }
        LuceneSpeedHarness harness = new LuceneSpeedHarness(Float.parseFloat(args[0]), Float.parseFloat(args[1]));
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String[] parts = line.split(" ", 2);
            switch (parts[0]) {
                case "index": out.println(harness.index(parts[1])); break;
                case "queries": out.println(harness.loadQueries(parts[1])); break;
                case "pass": out.println(harness.pass()); break;
                case "results": out.println(harness.results()); break;
                case "quit": harness.close(); return;
                default: throw new IllegalArgumentException("unknown command: " + line);
            }
        }
        harness.close();
    }

    private String index(String path) throws IOException {
        close();
        directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
            .setSimilarity(similarity)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(256);
        long start = System.nanoTime();
        int documents = 0;
        try (IndexWriter writer = new IndexWriter(directory, config);
             BufferedReader lines = Files.newBufferedReader(Paths.get(path), StandardCharsets.UTF_8)) {
            // One Document and its fields reused for every line, as Lucene's own indexing guidance suggests.
            Document document = new Document();
            NumericDocValuesField ordinal = new NumericDocValuesField(ORDINAL, 0);
            Field contents = new TextField(FIELD, "", Field.Store.NO);
            document.add(ordinal);
            document.add(contents);
            String line;
            while ((line = lines.readLine()) != null) {
                int tab = line.indexOf('\t');
                ordinal.setLongValue(Long.parseLong(line.substring(0, tab)));
                contents.setStringValue(line.substring(tab + 1));
                writer.addDocument(document);
                documents++;
            }
            writer.commit();
        }
        long indexNanos = System.nanoTime() - start;
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        searcher.setSimilarity(similarity);
        long bytes = 0;
        for (String file : directory.listAll()) {
            bytes += directory.fileLength(file);
        }
        return "{\"documents\":" + documents + ",\"indexMillis\":" + indexNanos / 1e6
            + ",\"indexBytes\":" + bytes
            + ",\"segments\":" + reader.leaves().size() + "}";
    }

    private String loadQueries(String path) throws IOException {
        queries = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8)) {
            queries.add(line.substring(line.indexOf('\t') + 1));
        }
        return "{\"queries\":" + queries.size() + "}";
    }

    private String pass() throws IOException {
        StringBuilder json = new StringBuilder("{\"micros\":[");
        long checksum = 0;
        for (int i = 0; i < queries.size(); i++) {
            long start = System.nanoTime();
            long[] top = search(queries.get(i));
            double micros = (System.nanoTime() - start) / 1e3;
            checksum += top.length;
            json.append(i == 0 ? "" : ",").append(micros);
        }
        return json.append("],\"hits\":").append(checksum).append('}').toString();
    }

    private String results() throws IOException {
        StringBuilder json = new StringBuilder("{\"top\":[");
        for (int i = 0; i < queries.size(); i++) {
            json.append(i == 0 ? "[" : ",[");
            long[] top = search(queries.get(i));
            for (int j = 0; j < top.length; j++) {
                json.append(j == 0 ? "" : ",").append(top[j]);
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }

    /** Analyzes the query, ORs its terms (a repeated term is a repeated clause) and maps the top 10 to ordinals. */
    private long[] search(String text) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        try (TokenStream tokens = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                query.add(new TermQuery(new Term(FIELD, term.toString())), BooleanClause.Occur.SHOULD);
            }
            tokens.end();
        }
        TopScoreDocCollector collector = TopScoreDocCollector.create(TOP, TOTAL_HITS_THRESHOLD);
        searcher.search(query.build(), collector);
        ScoreDoc[] hits = collector.topDocs().scoreDocs;
        long[] ordinals = new long[hits.length];
        List<LeafReaderContext> leaves = reader.leaves();
        for (int i = 0; i < hits.length; i++) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hits[i].doc, leaves));
            NumericDocValues values = leaf.reader().getNumericDocValues(ORDINAL);
            values.advanceExact(hits[i].doc - leaf.docBase);
            ordinals[i] = values.longValue();
        }
        return ordinals;
    }

    private void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (directory != null) {
            directory.close();
            directory = null;
        }
    }
}

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.DatasetDescription;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DynamicDatasets;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

/**
 * A TDB2 dataset behind the SPARQL 1.1 Protocol, as Fuseki serves one: SELECT and ASK queries at /query
 * (GET or POST, form-encoded or application/sparql-query, with default-graph-uri and
 * named-graph-uri) answered as SPARQL JSON results, updates at /update (application/sparql-update
 * or form-encoded). Fuseki is not packaged by Debian; this puts the same engine (Jena ARQ on
 * TDB2, from Debian's libapache-jena-java) behind the same protocol, with the dataset
 * description applied by DynamicDatasets as Fuseki applies it, so that the tests can publish to
 * Jena and query it with `untoc-kg publish` and `untoc-kg query --endpoint`.
 *
 * Usage: java JenaEndpoint DATABASE_FOLDER PORT [TIMEOUT_SECONDS] [--union-default-graph] (listens on
 * 127.0.0.1; prints "ready" when up). With --union-default-graph, a query that names no graph reads
 * the union of the named graphs, as TDB2's unionDefaultGraph makes Fuseki answer. A query that runs
 * longer than TIMEOUT_SECONDS is stopped, as Fuseki's --timeout stops it, so that it does not hold
 * the dataset after its client has given up.
 */
public class JenaEndpoint {
    static long timeoutMillis = -1;

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        boolean union = false;
        for (String arg : args) {
            if (arg.equals("--union-default-graph")) {
                union = true;
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() > 2) {
            timeoutMillis = Math.round(Double.parseDouble(positional.get(2)) * 1000);
        }
        Dataset dataset = TDB2Factory.connectDataset(positional.get(0));
        DatasetGraph graphs = dataset.asDatasetGraph();
        if (union) {
            // What Fuseki's tdb2:unionDefaultGraph sets: a query that names no graph reads the
            // union of the named graphs.
            graphs.getContext().set(TDB2.symUnionDefaultGraph, true);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(positional.get(1))), 16);
        server.createContext("/query", exchange -> answer(exchange, () -> query(exchange, graphs)));
        server.createContext("/update", exchange -> answer(exchange, () -> update(exchange, graphs)));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("ready");
        System.out.flush();
    }

    interface Handler {
        byte[] handle() throws Exception;
    }

    /** Runs a handler; a query or update Jena refuses is answered 400 with Jena's message, as Fuseki does. */
    static void answer(HttpExchange exchange, Handler handler) throws IOException {
        int status = 200;
        String type = "application/sparql-results+json; charset=utf-8";
        byte[] body;
        try {
            body = handler.handle();
        } catch (org.apache.jena.query.QueryParseException e) {
            status = 400;
            type = "text/plain; charset=utf-8";
            body = ("Parse error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        } catch (org.apache.jena.query.QueryCancelledException e) {
            status = 503;
            type = "text/plain; charset=utf-8";
            body = ("Query timed out after " + timeoutMillis / 1000 + " s").getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            status = 500;
            type = "text/plain; charset=utf-8";
            body = (e.getClass().getSimpleName() + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The request's parameters: those of the URL, and those of a form-encoded body. */
    static List<String[]> parameters(HttpExchange exchange, String body) {
        List<String[]> found = new ArrayList<>();
        String raw = exchange.getRequestURI().getRawQuery();
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        for (String text : new String[] {raw, type.startsWith("application/x-www-form-urlencoded") ? body : null}) {
            if (text == null || text.isEmpty()) {
                continue;
            }
            for (String pair : text.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                found.add(new String[] {name, value});
            }
        }
        return found;
    }

    static List<String> all(List<String[]> parameters, String name) {
        List<String> values = new ArrayList<>();
        for (String[] pair : parameters) {
            if (pair[0].equals(name)) {
                values.add(pair[1]);
            }
        }
        return values;
    }

    static byte[] query(HttpExchange exchange, DatasetGraph graphs) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String[]> parameters = parameters(exchange, body);
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String text = type.startsWith("application/sparql-query") ? body : String.join("", all(parameters, "query"));
        // Fuseki's default: the ARQ syntax, a superset of SPARQL 1.1 (the strict check is
        // tests/test_sparql_portable.py).
        Query query = QueryFactory.create(text, Syntax.defaultQuerySyntax);
        List<String> defaults = all(parameters, "default-graph-uri");
        List<String> named = all(parameters, "named-graph-uri");
        DatasetDescription description = defaults.isEmpty() && named.isEmpty()
                ? DatasetDescription.create(query) : DatasetDescription.create(defaults, named);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Txn.executeRead(graphs, () -> {
            DatasetGraph view = DynamicDatasets.dynamicDataset(description, graphs, false);
            try (QueryExecution execution = QueryExecutionFactory.create(query, DatasetFactory.wrap(view))) {
                if (timeoutMillis > 0) {
                    execution.setTimeout(timeoutMillis);
                }
                if (query.isAskType()) {
                    ResultSetFormatter.outputAsJSON(out, execution.execAsk());
                } else {
                    ResultSetFormatter.outputAsJSON(out, execution.execSelect());
                }
            }
        });
        return out.toByteArray();
    }

    static byte[] update(HttpExchange exchange, DatasetGraph graphs) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        String text = type.startsWith("application/sparql-update") ? body : String.join("", all(parameters(exchange, body), "update"));
        UpdateRequest request = UpdateFactory.create(text, Syntax.defaultUpdateSyntax);
        // One request, one transaction: as Fuseki applies an update.
        Txn.executeWrite(graphs, () -> UpdateAction.execute(request, graphs));
        return new byte[0];
    }
}

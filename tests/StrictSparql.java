import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.Syntax;

/**
 * Parses each file named on the command line as a SPARQL 1.1 query, by Apache Jena's strict
 * SPARQL 1.1 grammar (no ARQ extensions), with its scope rules. Prints one line per file:
 * "path TAB ok" or "path TAB error TAB message". Used by tests/test_sparql_portable.py, which
 * compiles it against Debian's libapache-jena-java.
 */
public class StrictSparql {
    public static void main(String[] args) throws Exception {
        for (String name : args) {
            String text = Files.readString(Path.of(name), StandardCharsets.UTF_8);
            String verdict = "ok";
            try {
                QueryFactory.create(text, Syntax.syntaxSPARQL_11);
            } catch (RuntimeException e) {
                verdict = "error\t" + String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            }
            System.out.println(name + "\t" + verdict);
        }
    }
}

package replex.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data set of a built-in posteriordb target, read from the class path resource
 * {@code replex/targets/<posterior>/data.json} (a copy of the fields the model uses from
 * posteriordb's {@code data.json}). A missing or malformed resource is a packaging bug, reported
 * as {@link IllegalStateException}.
 */
final class PosteriorData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String posterior;
    private final JsonNode root;

    private PosteriorData(String posterior, JsonNode root) {
        this.posterior = posterior;
        this.root = root;
    }

    /**
     * @param posterior the posteriordb name, e.g. {@code kidiq-kidscore_momiq}
     * @return the parsed data set
     */
    static PosteriorData load(String posterior) {
        String resource = "replex/targets/" + posterior + "/data.json";
        ClassLoader loader = PosteriorData.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the class path");
            }
            JsonNode root = MAPPER.readTree(in);
            if (root == null || !root.isObject()) {
                throw new IllegalStateException("resource " + resource + " is not a JSON object");
            }
            return new PosteriorData(posterior, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    /** @return the integer field {@code name} */
    int integer(String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw bad(name, "an integer");
        }
        return node.intValue();
    }

    /** @return the numeric array field {@code name}, which must have {@code length} elements */
    double[] numbers(String name, int length) {
        JsonNode node = root.get(name);
        if (node == null || !node.isArray() || node.size() != length) {
            throw bad(name, "an array of " + length + " numbers");
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber() || !Double.isFinite(element.doubleValue())) {
                throw bad(name, "an array of " + length + " finite numbers");
            }
            values[i] = element.doubleValue();
        }
        return values;
    }

    private IllegalStateException bad(String field, String expected) {
        return new IllegalStateException(
                "data of posterior " + posterior + ": field '" + field + "' must be " + expected);
    }
}

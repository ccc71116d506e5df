package replex.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reference values computed with numpy by src/test/resources/replex/core/generate_core_reference.py. */
public final class CoreReference {

    private static JsonNode root;

    private CoreReference() {
    }

    /** @return the parsed core_reference.json */
    public static synchronized JsonNode get() {
        if (root == null) {
            try (InputStream in = CoreReference.class.getResourceAsStream("/replex/core/core_reference.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** @return a JSON array of numbers as a double array */
    public static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}

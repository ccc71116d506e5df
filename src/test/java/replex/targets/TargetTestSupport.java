package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Target;

/** Shared checks of the built-in target tests: reference values, initial states, errors. */
final class TargetTestSupport {

    /** Relative tolerance against the SciPy reference values. */
    static final double RELATIVE_TOLERANCE = 1e-9;
    static final int INITIAL_DRAWS = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TargetTestSupport() {
    }

    /** @return a target block parsed from HOCON */
    static Config config(String hocon) {
        return ConfigFactory.parseString(hocon);
    }

    /** @return the seeded stream used by the initial-state tests */
    static UniformRandomProvider rng() {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    }

    /** @return a test resource under replex/targets/, parsed as JSON */
    static JsonNode json(String resource) {
        String path = "replex/targets/" + resource;
        try (InputStream in = TargetTestSupport.class.getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, "missing test resource " + path);
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the parameter names listed in a posterior's reference.json, in file order */
    static List<String> referenceParameterNames(String posterior) {
        List<String> names = new ArrayList<>();
        json(posterior + "/reference.json").get("parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Compares log-prior and log-likelihood with every reference point computed by
     * generate_reference.py for the target {@code name}.
     *
     * @return the number of points checked
     */
    static int assertMatchesReference(String name, Function<Config, Target> constructor) {
        int checked = 0;
        for (JsonNode testCase : json("reference_values.json").get("cases")) {
            if (!testCase.get("name").asText().equals(name)) {
                continue;
            }
            Config block = ConfigFactory.parseString(testCase.get("config").toString());
            Target target = constructor.apply(block);
            for (JsonNode point : testCase.get("points")) {
                double[] x = doubles(point.get("x"));
                double[] copy = x.clone();
                String where = name + " " + block.root().render() + " at " + Arrays.toString(x);
                assertClose(number(point.get("logPrior")), target.logPrior(x), "logPrior of " + where);
                assertClose(number(point.get("logLikelihood")), target.logLikelihood(x), "logLikelihood of " + where);
                assertTrue(Arrays.equals(copy, x), "the target modified x: " + where);
                checked++;
            }
        }
        assertTrue(checked > 0, "no reference points for " + name);
        return checked;
    }

    static void assertClose(double expected, double actual, String message) {
        if (expected == Double.NEGATIVE_INFINITY) {
            assertEquals(Double.NEGATIVE_INFINITY, actual, message);
        } else {
            assertTrue(Double.isFinite(actual), message + ": expected " + expected + ", got " + actual);
            assertEquals(expected, actual, RELATIVE_TOLERANCE * Math.abs(expected) + 1e-300, message);
        }
    }

    /**
     * Draws {@link #INITIAL_DRAWS} initial states from the seeded stream and checks each is a new
     * array of the right length inside the support (finite log-prior and log-likelihood).
     *
     * @return the draws, for further checks
     */
    static double[][] assertInitialStatesInSupport(Target target) {
        UniformRandomProvider rng = rng();
        double[][] draws = new double[INITIAL_DRAWS][];
        for (int i = 0; i < INITIAL_DRAWS; i++) {
            double[] x = target.initialState(rng);
            assertEquals(target.dimension(), x.length);
            for (double v : x) {
                assertTrue(Double.isFinite(v), "non-finite initial state " + Arrays.toString(x));
            }
            double logDensity = target.logPrior(x) + target.logLikelihood(x);
            assertTrue(Double.isFinite(logDensity), "initial state outside the support: " + Arrays.toString(x));
            if (i > 0) {
                assertFalse(x == draws[i - 1], "initialState must return a new array");
            }
            draws[i] = x;
        }
        return draws;
    }

    /** Asserts that creating the target fails with a ConfigurationException naming {@code key}. */
    static ConfigurationException assertRejected(Function<Config, ?> constructor, String hocon, String key) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> constructor.apply(ConfigFactory.parseString(hocon)), hocon);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        return e;
    }

    private static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.doubleValue();
    }

    private static double[] doubles(JsonNode node) {
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).doubleValue();
        }
        return values;
    }
}

package replex.core.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One stored reference case: draws and the values that generate_reference.py (NumPy / SciPy)
 * computed for them. A JSON null stands for NaN.
 */
record ReferenceCase(String name, String description, double[][] draws, JsonNode expected) {

  /** Every case file written by generate_reference.py. */
  static final String[] NAMES = {
    "iid_normal",
    "ar1_phi09",
    "shifted_means",
    "different_scales",
    "cauchy",
    "ties_poisson",
    "single_chain",
    "odd_length",
    "minimal_4_draws",
    "too_short",
    "constant",
    "kidiq_beta1"
  };

  /** Relative tolerance: the computations are deterministic, only rounding differs. */
  static final double RELATIVE_TOLERANCE = 1e-8;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static ReferenceCase load(String name) {
    String resource = name + ".json";
    try (InputStream in = ReferenceCase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource replex/core/diagnostics/" + resource);
      }
      JsonNode root = MAPPER.readTree(in);
      JsonNode chains = root.get("draws");
      double[][] draws = new double[chains.size()][];
      for (int c = 0; c < draws.length; c++) {
        JsonNode chain = chains.get(c);
        draws[c] = new double[chain.size()];
        for (int i = 0; i < draws[c].length; i++) {
          draws[c][i] = chain.get(i).asDouble();
        }
      }
      return new ReferenceCase(
          root.get("name").asText(), root.get("description").asText(), draws, root.get("expected"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expected value of {@code key}; NaN for a JSON null. */
  double expected(String key) {
    JsonNode v = expected.get(key);
    if (v == null) {
      throw new IllegalArgumentException("case " + name + " has no expected value " + key);
    }
    return v.isNull() ? Double.NaN : v.asDouble();
  }

  /** Asserts that {@code actual} equals expected {@code key} to the tolerance (NaN = NaN). */
  void check(String key, double actual) {
    double want = expected(key);
    String what = name + " (" + description + "): " + key;
    if (Double.isNaN(want)) {
      org.junit.jupiter.api.Assertions.assertTrue(
          Double.isNaN(actual), what + " should be NaN but was " + actual);
    } else {
      org.junit.jupiter.api.Assertions.assertEquals(
          want, actual, RELATIVE_TOLERANCE * Math.abs(want), what);
    }
  }
}

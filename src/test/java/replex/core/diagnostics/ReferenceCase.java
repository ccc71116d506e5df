package replex.core.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One stored reference case: draws (from generate_reference.py) and the values that the R package
 * posterior (the implementation of Vehtari et al. 2021 by its authors) computes for them, stored in
 * posterior_reference.json by posterior_reference.R. A JSON null stands for NaN.
 *
 * <p>One deliberate difference, {@link #UNDEFINED}: with 3 draws per chain posterior splits each
 * chain into halves of one draw, which R turns from a one-row matrix into a vector, so its numbers
 * describe a reshaped array; Replex returns NaN below 4 draws per chain.
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

  /** Cases whose diagnostics Replex leaves undefined (NaN) where posterior gives a number: see above. */
  static final java.util.Set<String> UNDEFINED = java.util.Set.of("too_short");

  /** Keys of the diagnostics, which {@link #UNDEFINED} cases expect NaN for. */
  private static final java.util.Set<String> DIAGNOSTICS =
      java.util.Set.of(
          "ess_bulk", "ess_tail", "ess_q05", "ess_q95", "rhat", "rhat_bulk", "rhat_tail");

  private static final JsonNode POSTERIOR = readPosterior();

  private static JsonNode readPosterior() {
    try (InputStream in = ReferenceCase.class.getResourceAsStream("posterior_reference.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource replex/core/diagnostics/posterior_reference.json");
      }
      return MAPPER.readTree(in).get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
      JsonNode posterior = POSTERIOR.get(name);
      if (posterior == null) {
        throw new IllegalStateException("posterior_reference.json has no case " + name);
      }
      return new ReferenceCase(
          root.get("name").asText(), root.get("description").asText(), draws, posterior);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expected value of {@code key}; NaN for a JSON null and for an {@link #UNDEFINED} diagnostic. */
  double expected(String key) {
    if (UNDEFINED.contains(name) && DIAGNOSTICS.contains(key)) {
      return Double.NaN;
    }
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

package replex.targets.user;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.Target;

/** User classes that TargetFactory must refuse, each for one reason. */
public final class BrokenTargets {

    private BrokenTargets() {
    }

    /** A valid one-dimensional base for the broken variants. */
    public abstract static class Base implements Target {
        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double logPrior(double[] x) {
            return 0;
        }

        @Override
        public double logLikelihood(double[] x) {
            return 0;
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[dimension()];
        }
    }

    /** Does not implement Target. */
    public static final class NotATarget {
    }

    /** Only a constructor taking a String. */
    public static final class NoUsableConstructor extends Base {
        public NoUsableConstructor(String unused) {
        }
    }

    /** Its constructor throws. */
    public static final class ThrowingConstructor extends Base {
        public ThrowingConstructor(Config target) {
            throw new IllegalStateException("cannot open model file /nowhere");
        }
    }

    /** dimension() is 0. */
    public static final class ZeroDimension extends Base {
        @Override
        public int dimension() {
            return 0;
        }
    }

    /** Two dimensions but one name. */
    public static final class WrongNameCount extends Base {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public List<String> parameterNames() {
            return List.of("a");
        }
    }

    /** A name used twice. */
    public static final class DuplicateNames extends Base {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public List<String> parameterNames() {
            return List.of("a", "a");
        }
    }

    /** An empty name. */
    public static final class EmptyName extends Base {
        @Override
        public List<String> parameterNames() {
            return Arrays.asList("");
        }
    }
}

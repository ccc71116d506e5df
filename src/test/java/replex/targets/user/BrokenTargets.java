package replex.targets.user;

import java.util.Arrays;
import java.util.List;

import com.typesafe.config.Config;

import replex.core.TestTarget;

/** User classes that TargetFactory must refuse, each for one reason. */
public final class BrokenTargets {

    private BrokenTargets() {
    }

    /** A valid one-dimensional base for the broken variants. */
    public abstract static class Base extends TestTarget {
        protected Base() {
            super(1, false);
        }
    }

    /** Does not implement Target. */
    public static final class NotATarget {
    }

    /** Set by the static initialiser of {@link NotATargetWithInitialiser} (it must never run). */
    public static final java.util.concurrent.atomic.AtomicBoolean NOT_A_TARGET_INITIALISED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Not a Target, with a static initialiser of its own (a job naming it must not run it). */
    public static final class NotATargetWithInitialiser {
        static {
            NOT_A_TARGET_INITIALISED.set(true);
        }
    }

    /** Set by the static initialiser of {@link AbstractWithInitialiser} (it must never run). */
    public static final java.util.concurrent.atomic.AtomicBoolean ABSTRACT_INITIALISED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** A Target, but abstract, with a static initialiser (a job naming it must not run it). */
    public abstract static class AbstractWithInitialiser extends Base {
        static {
            ABSTRACT_INITIALISED.set(true);
        }
    }

    /** A valid Target whose static initialiser throws. */
    public static final class ThrowingInitialiser extends Base {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("initialiser failed");
            }
        }
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

    /** dimension() is negative and parameterNames() is the default, which cannot size its list. */
    public static final class NegativeDimension extends Base {
        @Override
        public int dimension() {
            return -2;
        }
    }

    /** A name that would break a CSV header: a comma. */
    public static final class CommaName extends Base {
        @Override
        public List<String> parameterNames() {
            return List.of("a,b");
        }
    }

    /** A name with a double quote. */
    public static final class QuoteName extends Base {
        @Override
        public List<String> parameterNames() {
            return List.of("say \"x\"");
        }
    }

    /** A name with a line break. */
    public static final class NewlineName extends Base {
        @Override
        public List<String> parameterNames() {
            return List.of("a\nb");
        }
    }

    /** A name with ESC (a terminal escape sequence). */
    public static final class EscapeName extends Base {
        @Override
        public List<String> parameterNames() {
            return List.of("\u001b[31mred");
        }
    }
}

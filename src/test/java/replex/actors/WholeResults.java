package replex.actors;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import replex.core.chain.DrawBuffer;
import replex.core.ladder.Ladder;

/**
 * Compares two results whole: every component of every record, recursively, so that a field added
 * later is compared without anyone listing it. Numbers must be bit for bit equal. Only the paths
 * named as excluded are skipped; a type it does not know how to compare is itself a failure, so
 * that a new kind of field cannot slip through unexamined.
 */
final class WholeResults {

    private WholeResults() {
    }

    /**
     * @param expected the reference
     * @param actual the result to check
     * @param excluded component paths to skip, e.g. {@code "engine"} or {@code "chains[].statistics"}
     *     (list and array positions written {@code []})
     * @return the differences, each with its path; empty if the two are the same
     */
    static List<String> differences(Object expected, Object actual, Set<String> excluded) {
        List<String> out = new ArrayList<>();
        compare(expected, actual, "", excluded, out);
        return out;
    }

    private static void compare(Object e, Object a, String path, Set<String> excluded, List<String> out) {
        if (out.size() >= 20) {
            return;
        }
        String where = path.isEmpty() ? "(the result)" : path;
        if (e == null || a == null) {
            if (e != a) {
                out.add(where + ": " + e + " vs " + a);
            }
            return;
        }
        if (e instanceof List<?> le && a instanceof List<?> la) { // any List implementation
            compare(le.toArray(), la.toArray(), path, excluded, out);
            return;
        }
        if (e instanceof Map<?, ?> me && a instanceof Map<?, ?> ma) {
            compare(me.keySet().toArray(), ma.keySet().toArray(), path + ".keys", excluded, out);
            compare(me.values().toArray(), ma.values().toArray(), path + ".values", excluded, out);
            return;
        }
        if (e.getClass() != a.getClass()) {
            out.add(where + ": " + e.getClass().getName() + " vs " + a.getClass().getName());
            return;
        }
        Class<?> type = e.getClass();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                String child = path.isEmpty() ? c.getName() : path + "." + c.getName();
                if (!excluded.contains(child)) {
                    compare(get(c, e), get(c, a), child, excluded, out);
                }
            }
        } else if (type.isArray()) {
            int n = Array.getLength(e);
            if (n != Array.getLength(a)) {
                out.add(where + ": length " + n + " vs " + Array.getLength(a));
                return;
            }
            for (int i = 0; i < n; i++) {
                compare(Array.get(e, i), Array.get(a, i), path + "[]", excluded, out);
                if (!out.isEmpty() && out.get(out.size() - 1).startsWith(path + "[]")) {
                    out.set(out.size() - 1, out.get(out.size() - 1).replaceFirst("^" + java.util.regex.Pattern
                            .quote(path + "[]"), path + "[" + i + "]"));
                    return;
                }
            }
        } else if (e instanceof Ladder le) {
            compare(le.betas(), ((Ladder) a).betas(), path + ".betas", excluded, out);
        } else if (e instanceof DrawBuffer de) {
            DrawBuffer da = (DrawBuffer) a;
            if (de.rows() != da.rows() || de.width() != da.width()) {
                out.add(where + ": " + de.rows() + " × " + de.width() + " draws vs " + da.rows() + " × " + da.width());
                return;
            }
            for (int col = 0; col < de.width(); col++) {
                compare(de.column(col), da.column(col), path + ".column" + col, excluded, out);
            }
            compare(de.metadataRows(0, de.rows()), da.metadataRows(0, da.rows()), path + ".metadata", excluded, out);
        } else if (e instanceof Double || e instanceof Float) {
            if (Double.doubleToLongBits(((Number) e).doubleValue()) != Double.doubleToLongBits(((Number) a)
                    .doubleValue())) {
                out.add(where + ": " + e + " vs " + a);
            }
        } else if (e instanceof Number || e instanceof String || e instanceof Boolean || e instanceof Character
                || e instanceof Enum<?>) {
            if (!e.equals(a)) {
                out.add(where + ": " + e + " vs " + a);
            }
        } else {
            out.add(where + ": cannot compare a " + type.getName() + "; teach WholeResults how (or exclude it)");
        }
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot read " + c, ex);
        }
    }
}

package replex.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.optimize.TableState;

/**
 * The {@code job.state} block of an {@code optimize} job, read and checked: a table (from
 * {@code state.file}, or inline in {@code state.table}) or a vector (its dimension or values, and
 * names), with bounds per column.
 *
 * @param table the table, or {@code null} for a vector
 * @param file the table's file, absolute, or {@code null}
 * @param names a vector's parameter names, or {@code null} for a table
 * @param values a vector's fixed start, or {@code null}
 * @param lower lower bounds, one per column (−∞ where none)
 * @param upper upper bounds, one per column (+∞ where none)
 */
record OptimizeState(TableState table, Path file, List<String> names, double[] values, double[] lower,
        double[] upper) {

    static final List<String> KEYS = List.of("file", "table", "dimension", "values", "names", "lower", "upper");
    static final List<String> TABLE_KEYS = List.of("columns", "cells");

    /**
     * @param job the {@code job} object
     * @param fileDir the directory a relative {@code state.file} is resolved against
     * @param readFiles whether {@code state.file} may be read (else a table must be inline)
     * @return the state
     * @throws ConfigurationException naming the key if the block is invalid
     */
    static OptimizeState read(ConfigObject job, Path fileDir, boolean readFiles) {
        if (job.get("state") == null) {
            throw new ConfigurationException("job.state", "missing; give state { file = \"data.csv\" } for a table "
                    + "or state { dimension = 10, lower = -5, upper = 5 } for a vector");
        }
        ConfigObject state = ConfigValues.object(job.get("state"), "job.state",
                "an object like { file = \"data.csv\" } or { dimension = 10 }");
        ConfigValues.allowOnly(state, "job.state", KEYS);
        TableState table = null;
        Path stateFile = null;
        List<String> names = null;
        double[] values = null;
        int d;
        if (state.get("file") != null || state.get("table") != null) {
            for (String k : List.of("dimension", "values", "names")) {
                if (state.get(k) != null) {
                    throw new ConfigurationException("job.state." + k, "does not go with state.file or state.table "
                            + "(a table takes its shape and column names from the file)");
                }
            }
            if (state.get("file") != null) {
                String f = ConfigValues.text(state.get("file"), "job.state.file", "a file path");
                if (f.isEmpty()) {
                    throw new ConfigurationException("job.state.file", "must not be empty");
                }
                stateFile = fileDir.resolve(f).toAbsolutePath().normalize();
            }
            if (state.get("table") != null) {
                table = inlineTable(state.get("table"));
            } else if (readFiles) {
                table = TableCsv.read(stateFile, "job.state.file");
            } else {
                throw new ConfigurationException("job.state.file", "a job sent as data (to a cluster, or stored in a "
                        + "checkpoint) carries its table inline in state.table; no file is read for it");
            }
            d = table.columns();
        } else {
            if (state.get("values") != null) {
                values = ConfigValues.numberList(state.get("values"), "job.state.values",
                        "a non-empty list of numbers like [0.5, 1.0]");
                if (state.get("dimension") != null && ConfigValues.integer(state.get("dimension"),
                        "job.state.dimension", "an integer >= 1", 1, OptimizeSpec.MAX_DIMENSION) != values.length) {
                    throw new ConfigurationException("job.state.dimension", "disagrees with the " + values.length
                            + " state.values");
                }
                d = values.length;
            } else if (state.get("dimension") != null) {
                d = (int) ConfigValues.integer(state.get("dimension"), "job.state.dimension", "an integer >= 1", 1,
                        OptimizeSpec.MAX_DIMENSION);
            } else {
                throw new ConfigurationException("job.state", "needs file = \"data.csv\" (a table), or dimension = d "
                        + "or values = [...] (a vector)");
            }
            if (state.get("names") != null) {
                names = JobParts.stringList(state.get("names"), "job.state.names");
                if (names.size() != d || names.stream().distinct().count() != d) {
                    throw new ConfigurationException("job.state.names", "must hold " + d + " distinct names, got "
                            + names);
                }
            } else {
                names = TableState.defaultNames(d);
            }
        }
        double[] lower = bound(state.get("lower"), "job.state.lower", d, Double.NEGATIVE_INFINITY);
        double[] upper = bound(state.get("upper"), "job.state.upper", d, Double.POSITIVE_INFINITY);
        for (int j = 0; j < d; j++) {
            if (!(lower[j] < upper[j])) {
                throw new ConfigurationException("job.state.lower", "must be below job.state.upper, column " + (j + 1)
                        + ": " + lower[j] + " >= " + upper[j]);
            }
        }
        if (table != null) {
            checkInside(table, lower, upper, stateFile, true);
        } else if (values != null) {
            checkInside(TableState.vector(values, names), lower, upper, null, false);
        } else {
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
                    throw new ConfigurationException("job.state", "a vector without values starts uniform in its "
                            + "bounds, so it needs finite lower and upper bounds; give state.lower and state.upper, "
                            + "or state.values");
                }
            }
        }
        return new OptimizeState(table, stateFile, names, values, lower, upper);
    }

    /**
     * @param lower the engine's lower bounds
     * @param upper the engine's upper bounds
     * @return {@code job.state} in the job-file format: a table inline in {@code state.table}, its file
     *     (if any) as {@code state.file}, a label
     */
    static Map<String, Object> map(TableState table, Path stateFile, List<String> vectorNames, double[] vectorValues,
            double[] lower, double[] upper) {
        Map<String, Object> state = new LinkedHashMap<>();
        if (stateFile != null) {
            state.put("file", stateFile.toString());
        }
        if (table != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("columns", table.columnNames());
            t.put("cells", JobParts.doubles(table.cells()));
            state.put("table", t);
        } else if (vectorValues != null) {
            state.put("values", JobParts.doubles(vectorValues));
            state.put("names", vectorNames);
        } else {
            state.put("dimension", vectorNames.size());
            state.put("names", vectorNames);
        }
        if (Double.isFinite(lower[0])) {
            state.put("lower", JobParts.doubles(lower));
        }
        if (Double.isFinite(upper[0])) {
            state.put("upper", JobParts.doubles(upper));
        }
        return state;
    }

    /** {@code state.table { columns = [...], cells = [...] }}: a table given inline, cells row-major. */
    private static TableState inlineTable(ConfigValue v) {
        ConfigObject t = ConfigValues.object(v, "job.state.table", "an object { columns = [x, y], cells = [...] }");
        ConfigValues.allowOnly(t, "job.state.table", TABLE_KEYS);
        if (t.get("columns") == null || t.get("cells") == null) {
            throw new ConfigurationException("job.state.table", "needs columns = [names] and cells = [numbers, row "
                    + "by row]");
        }
        List<String> columns = JobParts.stringList(t.get("columns"), "job.state.table.columns");
        double[] cells = ConfigValues.numberList(t.get("cells"), "job.state.table.cells",
                "a non-empty list of numbers, row by row");
        if (columns.isEmpty() || columns.stream().distinct().count() != columns.size()
                || cells.length % columns.size() != 0) {
            throw new ConfigurationException("job.state.table", "needs distinct column names and a whole number of "
                    + "rows: " + columns.size() + " columns, " + cells.length + " cells");
        }
        return new TableState(cells.length / columns.size(), columns.size(), cells, columns);
    }

    private static double[] bound(ConfigValue v, String key, int d, double none) {
        double[] b = new double[d];
        if (v == null) {
            Arrays.fill(b, none);
            return b;
        }
        if (v.valueType() == ConfigValueType.LIST) {
            double[] given = ConfigValues.numberList(v, key, "a number, or a list of " + d + " numbers");
            if (given.length != d) {
                throw new ConfigurationException(key, "must hold " + d + " numbers (one per column), got "
                        + given.length);
            }
            return given;
        }
        Arrays.fill(b, ConfigValues.number(v, key, "a number, or a list of " + d + " numbers"));
        return b;
    }

    private static void checkInside(TableState t, double[] lower, double[] upper, Path file, boolean table) {
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.columns(); j++) {
                double x = t.get(i, j);
                if (x < lower[j] || x > upper[j]) {
                    String where = file != null ? "file " + file + ", line " + (i + 2) + ", column " + (j + 1) + " ("
                            + t.columnNames().get(j) + ")" : t.rows() > 1 || table ? "job.state.table row " + (i + 1)
                            + ", column " + (j + 1) + " (" + t.columnNames().get(j) + ")"
                            : "job.state.values[" + j + "]";
                    throw new ConfigurationException(x < lower[j] ? "job.state.lower" : "job.state.upper",
                            where + " holds " + x + ", outside the bounds [" + lower[j] + ", " + upper[j] + "]");
                }
            }
        }
    }
}

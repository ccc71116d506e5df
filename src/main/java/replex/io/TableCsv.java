package replex.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import replex.core.ConfigurationException;
import replex.core.optimize.StateView;
import replex.core.optimize.TableState;

/**
 * Reads and writes the tables of {@code optimize} jobs as CSV: a header line of d distinct column
 * names, then n ≥ 1 lines of d finite numbers, comma-separated (spaces around a field are ignored,
 * a name may be in double quotes, blank lines are skipped, UTF-8). Every reading error is a
 * {@link ConfigurationException} naming the key that gave the file, the file, and the line and
 * column (1-based) at fault, so that the command line exits with code 2.
 */
public final class TableCsv {

    /** Upper bound of the cells of a table read, to fail clearly instead of running out of memory. */
    public static final long MAX_CELLS = 200_000_000L;

    private TableCsv() {
    }

    /**
     * @param file the CSV file
     * @param key the job-file key that named it, e.g. {@code job.state.file}
     * @return the table
     * @throws ConfigurationException if the file is missing, unreadable, empty, ragged or holds a cell
     *     that is not a finite number
     */
    public static TableState read(Path file, String key) {
        Cells t = read(file, key, true);
        return new TableState(t.rows(), t.names().size(), t.cells(), t.names());
    }

    /**
     * The cells of a CSV table as read, before they become a state.
     *
     * @param names the d column names of the header
     * @param rows n ≥ 1
     * @param cells row-major, length n·d
     */
    public record Cells(List<String> names, int rows, double[] cells) {
        /** @return the cell of row i, column j (0-based) */
        public double get(int i, int j) {
            return cells[i * names.size() + j];
        }
    }

    /**
     * As {@link #read(Path, String)}, optionally also accepting {@code NaN} and {@code ±Infinity}
     * cells (as in {@code history.csv}, whose metrics may be undefined).
     *
     * @param file the CSV file
     * @param key the job-file key that named it, or {@code null} if none did
     * @param finiteOnly whether a cell that is not a finite number is an error
     * @return the header and the cells
     * @throws ConfigurationException if the file is missing, unreadable, empty, ragged or holds a cell
     *     that is not a number (or not a finite one, with {@code finiteOnly})
     */
    public static Cells read(Path file, String key, boolean finiteOnly) {
        List<String> names = null;
        double[] cells = new double[1024];
        int size = 0;
        int rows = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (names == null) {
                    names = header(fields, file, key, lineNumber);
                    continue;
                }
                if (fields.length != names.size()) {
                    throw error(key, file, lineNumber, Math.min(fields.length, names.size()) + 1,
                            "has " + fields.length + " fields, the header has " + names.size()
                            + (fields.length < names.size() ? " (column '" + names.get(fields.length) + "' is missing)"
                            : ""));
                }
                if ((long) (rows + 1) * names.size() > MAX_CELLS) {
                    throw new ConfigurationException(key, "file " + file + " holds more than " + MAX_CELLS
                            + " cells, the limit");
                }
                for (int j = 0; j < fields.length; j++) {
                    String f = fields[j].trim();
                    double v;
                    try {
                        v = Double.parseDouble(f);
                    } catch (NumberFormatException e) {
                        throw error(key, file, lineNumber, j + 1, "(" + names.get(j) + "): '" + f
                                + "' is not a number");
                    }
                    if ((finiteOnly && !Double.isFinite(v)) || f.endsWith("d") || f.endsWith("D") || f.endsWith("f")
                            || f.endsWith("F")) {
                        throw error(key, file, lineNumber, j + 1, "(" + names.get(j) + "): '" + f
                                + "' is not a finite number");
                    }
                    if (size == cells.length) {
                        cells = java.util.Arrays.copyOf(cells, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
                    }
                    cells[size++] = v;
                }
                rows++;
            }
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(key, "file " + file + " not found");
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(key, "file " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigurationException(key, "file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (names == null) {
            throw new ConfigurationException(key, "file " + file + ", line 1: the file is empty; it needs a header "
                    + "line of column names and at least one row of numbers");
        }
        if (rows == 0) {
            throw new ConfigurationException(key, "file " + file + ", line 2: no rows of numbers after the header");
        }
        return new Cells(List.copyOf(names), rows, java.util.Arrays.copyOf(cells, size));
    }

    private static List<String> header(String[] fields, Path file, String key, int line) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < fields.length; j++) {
            String name = fields[j].trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.isEmpty()) {
                throw error(key, file, line, j + 1, "the header has an empty column name");
            }
            if (!seen.add(name)) {
                throw error(key, file, line, j + 1, "the header names column '" + name + "' twice");
            }
            boolean numeric;
            try {
                Double.parseDouble(name);
                numeric = true;
            } catch (NumberFormatException e) {
                numeric = false;
            }
            if (numeric) {
                throw error(key, file, line, j + 1, "the first line must be a header of column names, got the "
                        + "number '" + name + "'");
            }
            names.add(name);
        }
        return names;
    }

    private static ConfigurationException error(String key, Path file, int line, int column, String what) {
        return new ConfigurationException(key, "file " + file + ", line " + line + ", column " + column + " " + what);
    }

    /**
     * Writes a table: its header, then its rows in the shortest decimal form that reads back to the
     * same doubles ({@link ShortestDecimal}), {@code \n} line ends.
     *
     * @param table the table
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    public static void write(StateView table, OutputStream out) throws IOException {
        Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", table.columnNames()));
        w.write('\n');
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < table.rows(); i++) {
            b.setLength(0);
            for (int j = 0; j < table.columns(); j++) {
                if (j > 0) {
                    b.append(',');
                }
                b.append(ShortestDecimal.of(table.get(i, j)));
            }
            b.append('\n');
            w.write(b.toString());
        }
        w.flush();
    }
}

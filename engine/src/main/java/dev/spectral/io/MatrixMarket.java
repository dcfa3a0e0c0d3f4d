package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.CsrMatrix;
import dev.spectral.matrix.DenseMatrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Matrix Market ({@code .mtx}, optionally gzipped) files of real, integer or pattern matrices, general, symmetric or
 * skew-symmetric, in coordinate (sparse) or array (dense, column-major) format.
 *
 * <p>Coordinate entries of a symmetric file are mirrored across the diagonal whichever triangle they sit in (the
 * format stores the lower one), skew-symmetric ones mirrored with the opposite sign; duplicate entries are summed, as
 * in scipy; pattern entries read as 1.
 */
public final class MatrixMarket {
    private static final String BANNER = "%%MatrixMarket";

    private enum Field { REAL, INTEGER, PATTERN }

    private enum Symmetry { GENERAL, SYMMETRIC, SKEW_SYMMETRIC }

    private MatrixMarket() {}

    /** Reads a sparse matrix; an array-format file becomes the CSR matrix of its nonzero entries. */
    public static CsrMatrix read(Path file) {
        try (Parser p = new Parser(file)) {
            return p.coordinate ? p.readCoordinate() : sparse(p.readArray());
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    /** Reads a dense matrix; a coordinate-format file is expanded, when it fits in one Java array. */
    public static DenseMatrix readDense(Path file) {
        try (Parser p = new Parser(file)) {
            if (!p.coordinate) {
                return p.readArray();
            }
            CsrMatrix a = p.readCoordinate();
            if ((long) a.rows() * a.cols() > DenseMatrix.MAX_ELEMENTS) {
                throw new InvalidInputException(file + ": a " + a.rows() + " x " + a.cols()
                        + " matrix is too large to hold dense; read it as a sparse matrix");
            }
            return a.toDense();
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    private static CsrMatrix sparse(DenseMatrix d) {
        int[] rowPtr = new int[d.rows() + 1];
        for (int i = 0; i < d.rows(); i++) {
            int nz = 0;
            for (int j = 0; j < d.cols(); j++) {
                nz += d.get(i, j) != 0 ? 1 : 0;
            }
            rowPtr[i + 1] = rowPtr[i] + nz;
        }
        int[] colIdx = new int[rowPtr[d.rows()]];
        double[] values = new double[colIdx.length];
        int p = 0;
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.cols(); j++) {
                if (d.get(i, j) != 0) {
                    colIdx[p] = j;
                    values[p++] = d.get(i, j);
                }
            }
        }
        return CsrMatrix.of(d.rows(), d.cols(), rowPtr, colIdx, values);
    }

    /** Reads the banner and size line on construction, then the entries on request. Errors name the file and line. */
    private static final class Parser implements AutoCloseable {
        private final Path file;
        private final BufferedReader in;
        private final String[] fields = new String[3];
        private long lineNo;
        private boolean coordinate;
        private Field field;
        private Symmetry symmetry;
        private int rows;
        private int cols;
        private long declared; // entries (coordinate) or values (array) the file announces

        Parser(Path file) throws IOException {
            this.file = file;
            this.in = new BufferedReader(new InputStreamReader(Inputs.open(file), StandardCharsets.UTF_8), 1 << 16);
            try {
                readBanner();
                readSize();
            } catch (RuntimeException | IOException e) {
                in.close();
                throw e;
            }
        }

        private void readBanner() throws IOException {
            String first = in.readLine();
            lineNo = 1;
            if (first == null || !first.regionMatches(true, 0, BANNER, 0, BANNER.length())) {
                throw error("not a Matrix Market file (the first line must start with " + BANNER + ")");
            }
            String[] t = first.toLowerCase(Locale.ROOT).strip().split("\\s+");
            if (t.length != 5 || !t[0].equals(BANNER.toLowerCase(Locale.ROOT))) {
                throw error("malformed header, expected '" + BANNER + " matrix <format> <field> <symmetry>'");
            }
            if (!t[1].equals("matrix")) {
                throw error("unsupported object '" + Inputs.oneLine(t[1]) + "' (matrix expected)");
            }
            coordinate = switch (t[2]) {
                case "coordinate" -> true;
                case "array" -> false;
                default -> throw error("unsupported format '" + Inputs.oneLine(t[2]) + "' (coordinate or array expected)");
            };
            field = switch (t[3]) {
                case "real", "double" -> Field.REAL;
                case "integer" -> Field.INTEGER;
                case "pattern" -> Field.PATTERN;
                default -> throw error("unsupported field '" + Inputs.oneLine(t[3]) + "' (real, integer or pattern expected)");
            };
            symmetry = switch (t[4]) {
                case "general" -> Symmetry.GENERAL;
                case "symmetric" -> Symmetry.SYMMETRIC;
                case "skew-symmetric" -> Symmetry.SKEW_SYMMETRIC;
                default -> throw error("unsupported symmetry '" + Inputs.oneLine(t[4])
                        + "' (general, symmetric or skew-symmetric expected)");
            };
            if (field == Field.PATTERN && !coordinate) {
                throw error("a pattern matrix must be in coordinate format");
            }
        }

        private void readSize() throws IOException {
            String line = nextDataLine();
            int expected = coordinate ? 3 : 2;
            if (line == null) {
                throw error("truncated: no size line");
            }
            if (split(line) != expected) {
                throw error("malformed size line '" + Inputs.oneLine(line) + "' (expected "
                        + (coordinate ? "rows, columns and entries" : "rows and columns") + ")");
            }
            rows = dimension(fields[0], "rows");
            cols = dimension(fields[1], "columns");
            if (symmetry != Symmetry.GENERAL && rows != cols) {
                throw error("a " + symmetry.name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + " matrix must be square, the size line says " + rows + " x " + cols);
            }
            if (coordinate) {
                try {
                    declared = Long.parseLong(fields[2]);
                } catch (NumberFormatException e) {
                    declared = -1;
                }
                if (declared < 0) {
                    throw error("malformed entry count '" + Inputs.oneLine(fields[2]) + "'");
                }
            } else {
                long n = rows;
                declared = switch (symmetry) {
                    case GENERAL -> (long) rows * cols;
                    case SYMMETRIC -> n * (n + 1) / 2;
                    case SKEW_SYMMETRIC -> n * (n - 1) / 2;
                };
                if ((long) rows * cols > DenseMatrix.MAX_ELEMENTS) {
                    throw error("a " + rows + " x " + cols + " dense matrix is too large to hold in one Java array");
                }
            }
        }

        CsrMatrix readCoordinate() throws IOException {
            // Grown as entries arrive, so a corrupt count cannot make us allocate gigabytes up front.
            int cap = (int) Math.min(declared, 1 << 15) * 2 + 2;
            int[] ri = new int[cap];
            int[] ci = new int[cap];
            double[] v = new double[cap];
            int n = 0;
            int width = field == Field.PATTERN ? 2 : 3;
            for (long e = 0; e < declared; e++) {
                String line = nextDataLine();
                if (line == null) {
                    throw error("truncated: " + declared + " entries declared, " + e + " found");
                }
                if (split(line) != width) {
                    throw error("malformed entry '" + Inputs.oneLine(line) + "' (expected " + width + " fields)");
                }
                int i = index(fields[0], rows, "row");
                int j = index(fields[1], cols, "column");
                double x = field == Field.PATTERN ? 1 : value(fields[2]);
                if (symmetry == Symmetry.SKEW_SYMMETRIC && i == j) {
                    throw error("diagonal entry (" + (i + 1) + ", " + (j + 1) + ") in a skew-symmetric matrix");
                }
                boolean mirror = symmetry != Symmetry.GENERAL && i != j;
                if (n + 2 > ri.length) {
                    if (ri.length >= DenseMatrix.MAX_ELEMENTS / 2) {
                        throw error("too many entries for one sparse matrix");
                    }
                    int grown = ri.length * 2;
                    ri = Arrays.copyOf(ri, grown);
                    ci = Arrays.copyOf(ci, grown);
                    v = Arrays.copyOf(v, grown);
                }
                ri[n] = i;
                ci[n] = j;
                v[n++] = x;
                if (mirror) {
                    ri[n] = j;
                    ci[n] = i;
                    v[n++] = symmetry == Symmetry.SKEW_SYMMETRIC ? -x : x;
                }
            }
            requireEnd();
            try {
                return toCsr(rows, cols, n, ri, ci, v);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file + ": " + e.getMessage());
            }
        }

        DenseMatrix readArray() throws IOException {
            DenseMatrix m = DenseMatrix.zeros(rows, cols);
            int i = firstRow(0);
            int j = 0;
            for (long e = 0; e < declared; e++) {
                String line = nextDataLine();
                if (line == null) {
                    throw error("truncated: " + declared + " values expected, " + e + " found");
                }
                if (split(line) != 1) {
                    throw error("malformed value line '" + Inputs.oneLine(line) + "' (expected one value)");
                }
                double x = value(fields[0]);
                m.set(i, j, x);
                if (i != j && symmetry != Symmetry.GENERAL) {
                    m.set(j, i, symmetry == Symmetry.SKEW_SYMMETRIC ? -x : x);
                }
                if (++i == rows) {
                    j++;
                    i = firstRow(j);
                }
            }
            requireEnd();
            return m;
        }

        /** Array format stores whole columns (general), the lower triangle, or the strictly lower triangle. */
        private int firstRow(int j) {
            return switch (symmetry) {
                case GENERAL -> 0;
                case SYMMETRIC -> j;
                case SKEW_SYMMETRIC -> j + 1;
            };
        }

        private void requireEnd() throws IOException {
            if (nextDataLine() != null) {
                throw error(coordinate ? "more entries than the " + declared + " declared"
                        : "more values than the " + declared + " that a " + rows + " x " + cols + " "
                                + symmetry.name().toLowerCase(Locale.ROOT).replace('_', '-') + " array holds");
            }
        }

        /** The next line that is neither a comment nor blank, or null at the end. */
        private String nextDataLine() throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank() && !line.startsWith("%")) {
                    return line;
                }
            }
            return null;
        }

        /** Splits on blanks into {@link #fields}; returns the field count, fields.length + 1 when there are more. */
        private int split(String line) {
            int n = 0;
            int k = 0;
            int len = line.length();
            while (true) {
                while (k < len && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) {
                    k++;
                }
                if (k == len) {
                    return n;
                }
                int start = k;
                while (k < len && line.charAt(k) != ' ' && line.charAt(k) != '\t') {
                    k++;
                }
                if (n == fields.length) {
                    return n + 1;
                }
                fields[n++] = line.substring(start, k);
            }
        }

        private int dimension(String s, String what) {
            try {
                int d = Integer.parseInt(s);
                if (d >= 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error("malformed number of " + what + " '" + Inputs.oneLine(s) + "'");
        }

        /** A 1-based index in the file, returned 0-based. */
        private int index(String s, int bound, String what) {
            int k;
            try {
                k = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw error("malformed " + what + " index '" + Inputs.oneLine(s) + "'");
            }
            if (k < 1 || k > bound) {
                throw error(what + " index " + k + " out of range 1.." + bound);
            }
            return k - 1;
        }

        private double value(String s) {
            double x;
            try {
                x = field == Field.INTEGER ? Long.parseLong(s) : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                if (s.toLowerCase(Locale.ROOT).matches("[+-]?(nan|inf|infinity)")) {
                    throw error("non-finite value " + s);
                }
                throw error("malformed " + field.name().toLowerCase(Locale.ROOT) + " value '" + Inputs.oneLine(s) + "'");
            }
            if (!Double.isFinite(x)) {
                throw error("non-finite value " + s);
            }
            return x;
        }

        private InvalidInputException error(String message) {
            return new InvalidInputException(file + ":" + lineNo + ": " + message);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Coordinate entries to CSR: a stable bucket sort by column, then by row, leaves each row's entries in column
     * order, so duplicates are adjacent and summed in one pass. Linear in the entry count.
     */
    static CsrMatrix toCsr(int rows, int cols, int n, int[] ri, int[] ci, double[] v) {
        int[] colStart = new int[cols + 1];
        for (int k = 0; k < n; k++) {
            colStart[ci[k] + 1]++;
        }
        Arrays.parallelPrefix(colStart, Integer::sum);
        int[] byColumn = new int[n];
        for (int k = 0; k < n; k++) {
            byColumn[colStart[ci[k]]++] = k;
        }
        int[] rowStart = new int[rows + 1];
        for (int k = 0; k < n; k++) {
            rowStart[ri[k] + 1]++;
        }
        Arrays.parallelPrefix(rowStart, Integer::sum);
        int[] next = Arrays.copyOf(rowStart, rows);
        int[] order = new int[n];
        for (int k : byColumn) {
            order[next[ri[k]]++] = k;
        }
        int[] rowPtr = new int[rows + 1];
        int[] colIdx = new int[n];
        double[] values = new double[n];
        int w = 0;
        for (int i = 0; i < rows; i++) {
            int first = w;
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                int k = order[p];
                if (w > first && colIdx[w - 1] == ci[k]) {
                    values[w - 1] += v[k];
                } else {
                    colIdx[w] = ci[k];
                    values[w++] = v[k];
                }
            }
            rowPtr[i + 1] = w;
        }
        return CsrMatrix.of(rows, cols, rowPtr, Arrays.copyOf(colIdx, w), Arrays.copyOf(values, w));
    }
}

package replex.core.optimize;

import java.util.List;

/**
 * Read access to an {@code optimize} job's state: an n × d table of finite numbers with named
 * columns. A vector state is a table of one row whose columns are the parameters.
 */
public interface StateView {

    /** @return the rows n, at least 1 (1 for a vector) */
    int rows();

    /** @return the columns d, at least 1 */
    int columns();

    /**
     * @param row 0 … n−1
     * @param column 0 … d−1
     * @return the cell's value
     */
    double get(int row, int column);

    /** @return the d column names (a vector's parameter names), distinct */
    List<String> columnNames();
}

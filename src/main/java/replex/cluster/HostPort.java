package replex.cluster;

import replex.core.ConfigurationException;

/**
 * A {@code host:port} given on the command line or in the environment.
 *
 * @param host a host name or IPv4 address
 * @param port 1 … 65535
 */
public record HostPort(String host, int port) {

    /**
     * @param text {@code host:port}
     * @param key the option or variable it came from, for the error message
     * @return the parsed value
     * @throws ConfigurationException naming {@code key} if malformed
     */
    public static HostPort parse(String text, String key) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new ConfigurationException(key, "must be HOST:PORT, e.g. 127.0.0.1:2551, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key, "port must be a number in 1..65535, got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException(key, "port must be in 1..65535, got " + port);
        }
        return new HostPort(t.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

package replex.actors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/**
 * Who may cancel a job or read its reasons: its owner, who holds the job's cancel token (issued
 * when the job is admitted, {@link JobClient.JobOwned}), and an operator, who holds the nodes'
 * operator token ({@code replex.security.operator-token-file}). Nodes keep only SHA-256 hashes of
 * tokens, compared in constant time.
 *
 * <p>Thread-safe: stateless.
 */
public final class JobOwnership {

    /** The file, in the submitting client's output folder, that holds a job's cancel token. */
    public static final String TOKEN_FILE = "cancel-token";

    /** What {@code replex status} shows instead of another client's reasons. */
    public static final String REDACTED = "(reason hidden: only the job's owner or an operator sees it)";

    /** Shortest operator token accepted, in characters. */
    public static final int MIN_OPERATOR_TOKEN = 16;

    /** Longest token read from a file, in characters. */
    public static final int MAX_TOKEN = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

    private JobOwnership() {
    }

    /** @return a new cancel token: 128 random bits, URL-safe Base64 (22 characters) */
    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param token a token
     * @return its SHA-256, hex
     */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * @param asked the hash of the token given, or {@code null}
     * @param expected the hash that grants the right, or {@code null} (no one holds it)
     * @return whether both are present and equal (compared in constant time)
     */
    public static boolean matches(String asked, String expected) {
        return asked != null && expected != null && MessageDigest.isEqual(asked.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The hash of the nodes' operator token, read from {@code replex.security.operator-token-file}.
     *
     * @param config the node's configuration
     * @return the hash, or {@code null} when no operator token is configured (empty setting)
     * @throws ConfigurationException if the file cannot be read or holds fewer than
     *     {@value #MIN_OPERATOR_TOKEN} characters
     */
    public static String operatorHash(Config config) {
        String key = "replex.security.operator-token-file";
        String file = config.hasPath(key) ? config.getString(key).trim() : "";
        if (file.isEmpty()) {
            return null;
        }
        String token = readToken(Path.of(file), key);
        if (token.length() < MIN_OPERATOR_TOKEN) {
            throw new ConfigurationException(key, file + " holds " + token.length() + " characters; an operator "
                    + "token needs at least " + MIN_OPERATOR_TOKEN + " (e.g. openssl rand -base64 32 > " + file + ")");
        }
        return hash(token);
    }

    /**
     * Reads a token file (first line, trimmed).
     *
     * @param file the file
     * @param key the option or setting named in an error
     * @return the token
     * @throws ConfigurationException if the file cannot be read, is empty or is longer than {@value #MAX_TOKEN}
     */
    public static String readToken(Path file, String key) {
        String text;
        try {
            if (Files.size(file) > MAX_TOKEN) {
                throw new ConfigurationException(key, file + " is longer than " + MAX_TOKEN + " bytes; a token file "
                        + "holds one token");
            }
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ConfigurationException(key, "cannot read the token file " + file + ": " + e, e);
        }
        int newline = text.indexOf('\n');
        String token = (newline < 0 ? text : text.substring(0, newline)).trim();
        if (token.isEmpty()) {
            throw new ConfigurationException(key, file + " is empty; it must hold a token");
        }
        return token;
    }
}

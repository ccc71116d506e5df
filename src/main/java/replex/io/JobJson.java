package replex.io;

import java.io.File;
import java.net.URL;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

import replex.core.ConfigurationException;

/**
 * Reads a job that travelled between machines (submitted to a cluster, stored in a job directory or a
 * checkpoint) as data: strict JSON, with {@code include} and substitutions ({@code ${...}}) refused.
 * The client resolves its job file (includes, substitutions) on its own machine and sends the result
 * as JSON ({@link JobSpec#toConfig()} rendered concisely); a node never follows an include or reads
 * an environment variable or a file because a job's text asks it to.
 *
 * <p>Thread-safe: stateless.
 */
public final class JobJson {

    /** Largest job text a node parses, in characters (a job is a few kilobytes; initial values more). */
    public static final int MAX_CHARS = 16 * 1024 * 1024;

    private static final ConfigParseOptions OPTIONS = ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.JSON)
            .setAllowMissing(false)
            .setIncluder(new Refusing())
            .setOriginDescription("submitted job");

    private JobJson() {
    }

    /**
     * Parses a job's JSON text.
     *
     * @param json the job as JSON ({@code job} and optional {@code output} objects)
     * @return the parsed job, fully resolved (JSON has no substitutions)
     * @throws ConfigurationException if the text is not plain JSON (an {@code include}, a
     *     substitution, HOCON syntax) or is longer than {@value #MAX_CHARS} characters; the message
     *     says so and does not echo the text
     */
    public static Config parse(String json) {
        if (json == null) {
            throw new ConfigurationException("job", "missing: no job text was sent");
        }
        if (json.length() > MAX_CHARS) {
            throw new ConfigurationException("job", "the job text has " + json.length() + " characters; at most "
                    + MAX_CHARS + " are accepted");
        }
        ConfigObject root;
        try {
            root = ConfigFactory.parseString(json, OPTIONS).root();
        } catch (ConfigException e) {
            throw new ConfigurationException("job", "a submitted job must be plain JSON, as replex submit sends it "
                    + "(includes and ${...} substitutions are resolved on the client, never on a node): "
                    + e.getMessage(), e);
        }
        return root.toConfig();
    }

    /** Refuses every include, whatever its kind (JSON syntax already has none: this is a second guard). */
    private static final class Refusing implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
            ConfigIncluderClasspath {

        private static ConfigException refused(String what) {
            return new ConfigException.BadValue("include", "include " + what + " is not allowed in a submitted job");
        }

        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            throw refused("\"" + what + "\"");
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            throw refused("file(\"" + what + "\")");
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            throw refused("url(\"" + what + "\")");
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            throw refused("classpath(\"" + what + "\")");
        }
    }
}

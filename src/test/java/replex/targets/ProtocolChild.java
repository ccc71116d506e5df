package replex.targets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of the external-target protocol written in Java, for the protocol tests: the
 * standard normal prior N(0, I) and the likelihood N(x; 1, I) in d = 3 dimensions (both normalised
 * except the likelihood's constant), started with {@code java -cp <test class path>}.
 *
 * <p>Special points select a reply form or a fault by their first coordinate: 100 −∞ written as
 * {@code -Infinity}, 101 as {@code null}, 102 with metrics, 103 an {@code error} reply, 104 exits
 * (every time), 105 hangs, 106 writes garbage, 107 omits {@code log_likelihood}, 108 exits once (a
 * marker file remembers), 109 {@code log_prior} −∞ alone, 110 NaN, 111 with metrics and metadata, 112
 * metadata holding a list, 113 metadata that is not an object. Settings in
 * {@code REPLEX_TARGET_CONFIG}: {@code "startup"} = {@code exit}, {@code protocol2},
 * {@code garbage}, {@code hang}, {@code names} (a fault in {@code describe}); {@code "marker"} (a
 * file, for 108); {@code "pids"} (a folder where the child writes a file named by its pid);
 * {@code "batch"} = {@code false} to refuse {@code log_density_batch}. Exits when its input closes.
 */
public final class ProtocolChild {

    private static final int D = 3;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private ProtocolChild() {
    }

    /**
     * @param args none
     * @throws IOException if the streams fail
     * @throws InterruptedException never
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        String config = System.getenv().getOrDefault("REPLEX_TARGET_CONFIG", "{}");
        String startup = setting(config, "startup");
        String marker = setting(config, "marker");
        String pids = setting(config, "pids");
        boolean batch = !"false".equals(setting(config, "batch"));
        if (pids != null) {
            Files.createDirectories(Path.of(pids));
            Files.writeString(Path.of(pids, String.valueOf(ProcessHandle.current().pid())), "");
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.err.println("child " + ProcessHandle.current().pid() + " ready, config " + config);
        if ("exit".equals(startup)) {
            System.err.println("Traceback: ModuleNotFoundError: No module named 'numpyy'");
            System.exit(1);
        }
        String line;
        while ((line = in.readLine()) != null) {
            String op = setting(line, "op");
            if ("describe".equals(op)) {
                if ("protocol2".equals(startup)) {
                    reply(out, "{\"protocol\": 2, \"dimension\": 3}");
                } else if ("garbage".equals(startup)) {
                    reply(out, "Loading model...");
                } else if ("hang".equals(startup)) {
                    Thread.sleep(Long.MAX_VALUE);
                } else if ("names".equals(startup)) {
                    reply(out, "{\"protocol\": 1, \"dimension\": 3, \"parameter_names\": [\"a\", \"b\"]}");
                } else {
                    reply(out, "{\"protocol\": 1, \"dimension\": 3, \"parameter_names\": [\"a\", \"b[1]\", \"c\"], "
                            + "\"normalised_prior\": true}");
                }
            } else if ("initial_state".equals(op)) {
                long seed = Long.parseLong(number(line, "seed"));
                SplittableRandom rng = new SplittableRandom(seed);
                StringBuilder x = new StringBuilder("{\"x\": [");
                for (int i = 0; i < D; i++) {
                    x.append(i > 0 ? ", " : "").append(-2 + 4 * rng.nextDouble());
                }
                reply(out, x.append("]}").toString());
            } else if ("log_density".equals(op)) {
                double[] x = array(line.substring(line.indexOf("\"x\"")));
                reply(out, density(x, marker));
            } else if ("log_density_batch".equals(op)) {
                if (!batch) {
                    reply(out, "{\"error\": \"unknown op log_density_batch\"}");
                    continue;
                }
                String xs = line.substring(line.indexOf("\"xs\"") + 6);
                StringBuilder results = new StringBuilder("{\"results\": [");
                Matcher m = Pattern.compile("\\[([^\\[\\]]*)\\]").matcher(xs);
                boolean first = true;
                while (m.find()) {
                    results.append(first ? "" : ", ").append(density(array("[" + m.group(1) + "]"), marker));
                    first = false;
                }
                reply(out, results.append("]}").toString());
            } else {
                reply(out, "{\"error\": \"unknown op " + op + "\"}");
            }
        }
        System.err.println("child " + ProcessHandle.current().pid() + ": input closed, exiting");
    }

    private static String density(double[] x, String marker) throws IOException, InterruptedException {
        switch ((int) x[0]) {
            case 100:
                return "{\"log_prior\": -Infinity, \"log_likelihood\": -Infinity}";
            case 101:
                return "{\"log_prior\": null, \"log_likelihood\": null}";
            case 102:
                return "{\"log_prior\": 0.5, \"log_likelihood\": -1.25, \"metrics\": {\"ode_steps\": 42, \"t\": 1e-3}}";
            case 103:
                return "{\"error\": \"boom at 103\"}";
            case 104:
                System.err.println("dying at 104");
                System.exit(3);
                return null;
            case 105:
                System.err.println("hanging at 105");
                Thread.sleep(Long.MAX_VALUE);
                return null;
            case 106:
                return "hello there";
            case 107:
                return "{\"log_prior\": 1.5}";
            case 108:
                if (!Files.exists(Path.of(marker))) {
                    Files.writeString(Path.of(marker), "crashed once");
                    System.err.println("crashing once at 108");
                    System.exit(4);
                }
                return "{\"log_prior\": 2.0, \"log_likelihood\": 3.0}";
            case 109:
                return "{\"log_prior\": -Infinity}";
            case 110:
                return "{\"log_prior\": NaN, \"log_likelihood\": 0}";
            case 111:
                return "{\"log_prior\": 0.5, \"log_likelihood\": -1.25, \"metrics\": {\"ode_steps\": 42, \"t\": 1e-3, "
                        + "\"skipped\": null}, \"metadata\": {\"file\": \"/tmp/out, \\\"a\\\".csv\", \"converged\": true, "
                        + "\"n\": 3, \"none\": null}}";
            case 112:
                return "{\"log_prior\": 0.5, \"log_likelihood\": -1.25, \"metadata\": {\"bad\": [1]}}";
            case 113:
                return "{\"log_prior\": 0.5, \"log_likelihood\": -1.25, \"metadata\": \"text\"}";
            default:
                double lp = 0;
                double ll = 0;
                for (double v : x) {
                    lp += -HALF_LOG_2PI - 0.5 * v * v;
                    ll += -0.5 * (v - 1) * (v - 1);
                }
                return "{\"log_prior\": " + lp + ", \"log_likelihood\": " + ll + "}";
        }
    }

    private static void reply(PrintStream out, String json) {
        out.print(json);
        out.print('\n');
        out.flush();
    }

    /** The string or bare value of a field in a flat JSON object (enough for this child). */
    static String setting(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\"([^\"]*)\"|[^,}\\s]+)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    private static String number(String json, String field) {
        return setting(json, field);
    }

    private static double[] array(String text) {
        int open = text.indexOf('[');
        int close = text.indexOf(']', open);
        List<Double> values = new ArrayList<>();
        for (String s : text.substring(open + 1, close).split(",")) {
            if (!s.isBlank()) {
                values.add(Double.parseDouble(s.trim()));
            }
        }
        double[] x = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = values.get(i);
        }
        return x;
    }
}

package replex.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import replex.actors.EvaluateCoordinator;
import replex.actors.EvaluateWorker;
import replex.core.Target;
import replex.core.evaluate.PointResult;

/**
 * The Kryo registrations of the evaluate protocol ({@link EvaluateWorker}, {@link EvaluateCoordinator}),
 * ids 400 to 499, added to {@link KryoSerializer}'s. A {@link PointResult} travels field by field
 * with its metrics and metadata in their order (values exactly, as 64-bit doubles and strings), every
 * count checked against the bytes left before anything is allocated. Append only.
 */
final class EvaluateMessages {

    private EvaluateMessages() {
    }

    static void register(Kryo kryo) {
        kryo.register(EvaluateWorker.Join.class, 400);
        kryo.register(EvaluateWorker.Evaluate.class, 401);
        kryo.register(EvaluateWorker.Leave.class, 402);
        kryo.register(EvaluateCoordinator.WorkerJoined.class, 403);
        kryo.register(EvaluateCoordinator.WorkerFailed.class, 404);
        kryo.register(EvaluateCoordinator.PointEvaluated.class, 405);
        kryo.register(PointResult.class, new PointResultSerializer(), 406);
        // 407: String[], registered twice before KryoRegistry held it (62); kept unused
    }

    /** A point's result: point, values or failure, metrics and metadata in order, timing and place. */
    static final class PointResultSerializer extends Serializer<PointResult> {
        @Override
        public void write(Kryo kryo, Output out, PointResult r) {
            out.writeVarInt(r.point(), true);
            Target.Evaluation e = r.evaluation();
            out.writeBoolean(e != null);
            if (e != null) {
                out.writeDouble(e.logPrior());
                out.writeDouble(e.logLikelihood());
                out.writeVarInt(e.metrics().size(), true);
                for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                    out.writeString(m.getKey());
                    out.writeDouble(m.getValue());
                }
                out.writeVarInt(e.metadata().size(), true);
                for (Map.Entry<String, String> m : e.metadata().entrySet()) {
                    out.writeString(m.getKey());
                    out.writeString(m.getValue());
                }
            } else {
                out.writeString(r.failure());
            }
            out.writeDouble(r.seconds());
            out.writeString(r.node());
            out.writeString(r.worker());
        }

        @Override
        public PointResult read(Kryo kryo, Input in, Class<? extends PointResult> type) {
            int point = in.readVarInt(true);
            Target.Evaluation e = null;
            String failure = null;
            if (in.readBoolean()) {
                double lp = in.readDouble();
                double ll = in.readDouble();
                int n = count(in, 9); // a name of at least one byte and a double
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    metrics.put(text(in.readString()), in.readDouble());
                }
                int k = count(in, 2);
                Map<String, String> metadata = new LinkedHashMap<>();
                for (int i = 0; i < k; i++) {
                    metadata.put(text(in.readString()), text(in.readString()));
                }
                e = new Target.Evaluation(lp, ll, metrics, metadata);
            } else {
                failure = text(in.readString());
            }
            double seconds = in.readDouble();
            return new PointResult(point, e, failure, seconds, text(in.readString()), text(in.readString()));
        }

        private static int count(Input in, int entryBytes) {
            int n = in.readVarInt(true);
            long left = (long) in.limit() - in.position();
            if (n < 0 || (long) n * entryBytes > left) {
                throw new KryoException(n + " entries declared, but only " + left + " bytes are left");
            }
            return n;
        }

        private static String text(String s) {
            if (s == null) {
                throw new KryoException("a point result holds a null string");
            }
            return s;
        }
    }
}

package replex.actors;

/**
 * Marker for client-facing messages (submit, status, cancel, progress, results): bound to Akka's
 * Jackson JSON serializer in {@code akka.actor.serialization-bindings}, so that they are stable
 * and readable on the wire.
 */
public interface JsonSerializable {
}

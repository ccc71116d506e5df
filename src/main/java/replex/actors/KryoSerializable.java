package replex.actors;

/**
 * Marker for messages of the round protocol and replica state: bound to {@code replex.cluster.KryoSerializer}
 * in {@code akka.actor.serialization-bindings}. Every implementing class must be registered in
 * {@code replex.cluster.KryoSerializer} (registration is required: no class names on the wire).
 */
public interface KryoSerializable {
}

package replex.cluster;

/**
 * Marker for messages of the round protocol and replica state: bound to {@link KryoSerializer}
 * in {@code akka.actor.serialization-bindings}. Every implementing class must be registered in
 * {@link KryoSerializer} (registration is required: no class names on the wire).
 */
public interface KryoSerializable {
}

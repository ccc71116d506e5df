package replex.io;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo reads whose allocations are bounded by the bytes actually received. Every length Kryo reads
 * from the data (an array's element count, a string's character count) is checked before anything
 * of that size is allocated: it may not exceed the bytes left in the message or file, since each
 * element takes at least one byte (a {@code double} eight). A crafted length ("an array of two
 * billion doubles" in a message of ten bytes) is refused with a {@link KryoException} instead of
 * exhausting the heap. So a message allocates at most a small multiple of its own size, which
 * Akka bounds ({@code akka.remote.artery.advanced.maximum-frame-size}, 2 MiB here), and a
 * checkpoint at most a small multiple of its file's size ({@link CheckpointFile#MAX_PAYLOAD_BYTES}).
 *
 * <p>Use {@link Input} from {@link #input(byte[])} and register arrays with
 * {@link #registerArray(Kryo, Class, int, int)}.
 */
public final class BoundedKryo {

    private BoundedKryo() {
    }

    /**
     * @param bytes a whole message or file payload
     * @return an input whose string and primitive-array reads are bounded by {@code bytes.length}
     */
    public static Input input(byte[] bytes) {
        return new BoundedInput(bytes);
    }

    /**
     * Registers an array class with its default Kryo serializer, wrapped so that the element count
     * read from the data is checked before the array is allocated.
     *
     * @param kryo the Kryo instance
     * @param type an array class
     * @param id the registration id
     * @param elementBytes the fewest bytes one element takes in the data (1 for objects, 8 for double)
     */
    public static void registerArray(Kryo kryo, Class<?> type, int id, int elementBytes) {
        if (!type.isArray()) {
            throw new IllegalArgumentException(type + " is not an array class");
        }
        @SuppressWarnings("unchecked")
        Serializer<Object> inner = kryo.getDefaultSerializer(type);
        kryo.register(type, new BoundedArray(inner, elementBytes, type), id);
    }

    /**
     * @param input the input, positioned after the length just read
     * @param count the element count read from the data
     * @param elementBytes the fewest bytes one element takes
     * @param what what is being read, for the message
     * @throws KryoException if {@code count} elements cannot fit in the bytes left
     */
    static void check(Input input, long count, int elementBytes, String what) {
        long left = (long) input.limit() - input.position();
        if (count < 0 || count * elementBytes > left) {
            throw new KryoException(what + " of " + count + " elements declared, but only " + left
                    + " bytes are left in the data (a malformed or hostile message)");
        }
    }

    /** An array serializer that checks the declared length against the bytes left first. */
    private static final class BoundedArray extends Serializer<Object> {
        private final Serializer<Object> inner;
        private final int elementBytes;
        private final String name;

        BoundedArray(Serializer<Object> inner, int elementBytes, Class<?> type) {
            super(true);
            this.inner = inner;
            this.elementBytes = elementBytes;
            this.name = type.getSimpleName();
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            inner.write(kryo, output, object);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
            int start = input.position();
            int lengthPlusOne = input.readVarInt(true); // Kryo's array format: 0 = null, else length + 1
            if (lengthPlusOne > 0) {
                check(input, lengthPlusOne - 1L, elementBytes, name);
            }
            input.setPosition(start);
            return inner.read(kryo, input, type);
        }

        @Override
        public Object copy(Kryo kryo, Object original) {
            return inner.copy(kryo, original);
        }
    }

    /** An input that checks a string's declared length and primitive-array lengths before allocating. */
    private static final class BoundedInput extends Input {

        BoundedInput(byte[] bytes) {
            super(bytes);
        }

        @Override
        public String readString() {
            int start = position;
            if (start < limit && (buffer[start] & 0x80) != 0) { // UTF-8 form: a declared char count (else ASCII)
                long count = declaredChars(start);
                if (count >= 0) {
                    position = start;
                    // stored as count + 1 (0 = null); each char takes at least one byte
                    long chars = count - 1;
                    long left = (long) limit - start;
                    if (chars > left) {
                        throw new KryoException("string of " + chars + " characters declared, but only " + left
                                + " bytes are left in the data (a malformed or hostile message)");
                    }
                }
            }
            return super.readString();
        }

        /** Kryo's UTF-8 string length: 6 bits, then 7 bits per byte while the high bit is set. */
        private long declaredChars(int start) {
            int p = start;
            int b = buffer[p++];
            long result = b & 0x3F;
            if ((b & 0x40) != 0) {
                int shift = 6;
                do {
                    if (p >= limit) {
                        return -1; // truncated: Kryo itself reports it
                    }
                    b = buffer[p++];
                    result |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0 && shift <= 27);
            }
            return result;
        }

        @Override
        public byte[] readBytes(int length) {
            check(this, length, 1, "byte array");
            return super.readBytes(length);
        }

        @Override
        public int[] readInts(int length) {
            check(this, length, 4, "int array");
            return super.readInts(length);
        }

        @Override
        public int[] readInts(int length, boolean optimizePositive) {
            check(this, length, 1, "int array");
            return super.readInts(length, optimizePositive);
        }

        @Override
        public long[] readLongs(int length) {
            check(this, length, 8, "long array");
            return super.readLongs(length);
        }

        @Override
        public long[] readLongs(int length, boolean optimizePositive) {
            check(this, length, 1, "long array");
            return super.readLongs(length, optimizePositive);
        }

        @Override
        public double[] readDoubles(int length) {
            check(this, length, 8, "double array");
            return super.readDoubles(length);
        }

        @Override
        public float[] readFloats(int length) {
            check(this, length, 4, "float array");
            return super.readFloats(length);
        }

        @Override
        public boolean[] readBooleans(int length) {
            check(this, length, 1, "boolean array");
            return super.readBooleans(length);
        }
    }
}

package replex.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

import com.typesafe.config.Config;

/**
 * Creates an instance of a user's class named in a job ({@link Target}, {@link Objective}): loaded
 * without initialisation, checked to be a public concrete class of the expected kind before any of
 * its code (its static initialiser) runs, then constructed with its job block ({@code (Config)}) or
 * without ({@code ()}). A job's text must not make a node run a class that is not of that kind.
 */
public final class UserClasses {

    private UserClasses() {
    }

    /**
     * @param <T> the kind
     * @param className the class's fully qualified name
     * @param kind the interface it must implement
     * @param block the job block given to a {@code (Config)} constructor
     * @param classLoader where the class is found
     * @param key the job-file key that named the class, for messages
     * @param blockName what the block is called in messages ("the target block")
     * @return the new instance
     * @throws ConfigurationException naming {@code key} if the class is missing, not a public concrete
     *     {@code kind}, has no suitable constructor, or its initialiser or constructor throws (a
     *     {@code ConfigurationException} from the constructor passes unchanged: it names its own key)
     */
    public static <T> T instantiate(String className, Class<T> kind, Config block, ClassLoader classLoader,
            String key, String blockName) {
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            String reason = e instanceof ClassNotFoundException ? "" : " (" + e + ")";
            throw new ConfigurationException(key, "class " + className + " was not found on the classpath" + reason
                    + "; check the fully qualified name and add its jar or directory with --classpath", e);
        }
        if (!kind.isAssignableFrom(type)) {
            throw new ConfigurationException(key, "class " + className + " does not implement " + kind.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ConfigurationException(key, "class " + className + " is abstract; name a concrete class "
                    + "implementing " + kind.getName());
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new ConfigurationException(key, "class " + className + " must be public");
        }
        try {
            Class.forName(className, true, classLoader); // of the right kind: now its static initialiser may run
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException(key, "the static initialisation of class " + className + " threw "
                    + cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException(key, "class " + className + " cannot be initialised: " + e, e);
        }
        Constructor<?> constructor;
        Object[] arguments;
        try {
            constructor = type.getConstructor(Config.class);
            arguments = new Object[] {block};
        } catch (NoSuchMethodException e) {
            try {
                constructor = type.getConstructor();
                arguments = new Object[0];
            } catch (NoSuchMethodException e2) {
                throw new ConfigurationException(key, "class " + className + " needs a public constructor taking a "
                        + Config.class.getName() + " (" + blockName + ") or a public no-argument constructor");
            }
        }
        try {
            return kind.cast(constructor.newInstance(arguments));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigurationException ce) {
                throw ce; // the class validated its own settings and already names the key
            }
            throw new ConfigurationException(key, "the constructor of " + className + " threw "
                    + cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new ConfigurationException(key, "cannot create an instance of " + className + ": " + e, e);
        }
    }
}

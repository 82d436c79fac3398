package dev.ipfence.enforcement.common;

import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.FallbackConfigSourceInterceptor;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Configuration keys renamed in this release: the old key still configures the new one (in every
 * profile) and logs a deprecation warning once. Remove an entry one release after its rename.
 */
public class RenamedConfigKeys extends FallbackConfigSourceInterceptor {

    /** New key to the deprecated key it replaces. */
    static final Map<String, String> DEPRECATED = Map.of(
            "ipfence.enforcement.matcher.chain-tables-from", "ipfence.enforcement.matcher.merge-chains-from",
            "ipfence.enforcement.matcher.chain-tables-rules-max", "ipfence.enforcement.matcher.merged-rules-max");

    private static final Logger LOG = Logger.getLogger(RenamedConfigKeys.class);

    private final Consumer<String> warn;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public RenamedConfigKeys() {
        this(LOG::warn);
    }

    RenamedConfigKeys(Consumer<String> warn) {
        super(RenamedConfigKeys::deprecatedName);
        this.warn = warn;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        String deprecated = deprecatedName(name);
        if (!deprecated.equals(name) && context.proceed(deprecated) != null && warned.add(unprofiled(deprecated))) {
            warn.accept(
                    "The configuration key " + unprofiled(deprecated) + " is deprecated and will be removed in the next"
                            + " release: use " + unprofiled(name) + " instead");
        }
        return super.getValue(context, name);
    }

    /**
     * The names as the configuration holds them, a deprecated key under its new name: the mapping
     * then knows every name (it refuses names that map to no property) and reads the new one.
     */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Set<String> names = new LinkedHashSet<>();
        context.iterateNames().forEachRemaining(name -> names.add(newName(name)));
        return names.iterator();
    }

    /** The new key for a deprecated one, with its profile prefix if any; else the name itself. */
    static String newName(String name) {
        String key = unprofiled(name);
        for (Map.Entry<String, String> renamed : DEPRECATED.entrySet()) {
            if (renamed.getValue().equals(key)) {
                return name.substring(0, name.length() - key.length()) + renamed.getKey();
            }
        }
        return name;
    }

    /** The deprecated key for a new one, with its profile prefix ({@code %test.}) if any; else the name itself. */
    static String deprecatedName(String name) {
        String key = unprofiled(name);
        String deprecated = DEPRECATED.get(key);
        return deprecated == null ? name : name.substring(0, name.length() - key.length()) + deprecated;
    }

    private static String unprofiled(String name) {
        return name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name;
    }
}

package dev.ipfence.core.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as a condition sees them: whole numbers as CEL {@code int} (a {@code long}; beyond
 * its range, a {@code double}), other numbers as {@code double}, {@code null} as CEL {@code null},
 * lists and maps element by element. A JSON binder gives {@code Integer}, {@code BigDecimal} and
 * the like, which CEL would refuse to compare with {@code 3}.
 */
public final class JsonValues {

    private JsonValues() {}

    public static Map<String, Object> attributes(Map<String, ?> attributes) {
        if (attributes == null) {
            return Map.of();
        }
        Map<String, Object> converted = new LinkedHashMap<>();
        attributes.forEach((key, value) -> converted.put(key, value(value)));
        return converted;
    }

    public static Object value(Object value) {
        if (value == null) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(element -> converted.add(value(element)));
            return converted;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((key, element) -> converted.put(key, value(element)));
            return converted;
        }
        return value;
    }
}

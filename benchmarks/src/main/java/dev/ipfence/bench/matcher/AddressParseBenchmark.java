package dev.ipfence.bench.matcher;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Addresses and networks parsed per second on one thread: the hand-written strict paths of
 * {@link Addresses} (dotted quads for IPv4, hex groups for IPv6) against the strict IPAddress
 * library parse they fall back to ({@code Addresses.parseAddressWithLibrary} and
 * {@code parseNetworkWithLibrary}), on the same 4,096 random addresses (as a client's) and
 * networks (as a rule's, prefix 8-32 or 16-128) in canonical text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AddressParseBenchmark {

    private static final int COUNT = 1 << 12;

    @Param({"IPV4", "IPV6"})
    public String family;

    String[] addresses;
    String[] networks;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(3);
        boolean ipv4 = family.equals("IPV4");
        addresses = new String[COUNT];
        networks = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            IpAddress address = ipv4
                    ? IpAddress.ipv4(random.nextInt())
                    : IpAddress.ipv6(0x2000_0000_0000_0000L | random.nextLong() >>> 3, random.nextLong());
            addresses[i] = address.toString();
            int prefix = ipv4 ? 8 + random.nextInt(25) : 16 + random.nextInt(113);
            networks[i] = Addresses.parseNetwork(withPrefix(address, prefix)).toString();
        }
    }

    /** The network of {@code prefix} bits around {@code address}, in text. */
    private static String withPrefix(IpAddress address, int prefix) {
        int hostBits = address.family().bits() - prefix;
        long hi = address.hi();
        long lo = address.lo();
        if (hostBits >= 64) {
            hi &= -1L << (hostBits - 64);
            lo = 0;
        } else {
            lo &= -1L << hostBits;
        }
        IpAddress first = address.family().bits() == 32 ? IpAddress.ipv4(lo) : IpAddress.ipv6(hi, lo);
        return first + "/" + prefix;
    }

    @Benchmark
    public IpAddress handWritten() {
        return Addresses.parseAddress(addresses[next++ & (COUNT - 1)]);
    }

    @Benchmark
    public IpAddress library() {
        try {
            return (IpAddress) WITH_LIBRARY.invokeExact(addresses[next++ & (COUNT - 1)]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public IpBlock handWrittenNetwork() {
        return Addresses.parseNetwork(networks[next++ & (COUNT - 1)]);
    }

    @Benchmark
    public IpBlock libraryNetwork() {
        try {
            return (IpBlock) NETWORK_WITH_LIBRARY.invokeExact(networks[next++ & (COUNT - 1)]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The package-private baseline of {@link Addresses#parseAddress}; a constant handle costs nothing once compiled. */
    private static final MethodHandle WITH_LIBRARY = withLibrary("parseAddressWithLibrary", IpAddress.class);

    private static final MethodHandle NETWORK_WITH_LIBRARY = withLibrary("parseNetworkWithLibrary", IpBlock.class);

    private static MethodHandle withLibrary(String name, Class<?> result) {
        try {
            return MethodHandles.privateLookupIn(Addresses.class, MethodHandles.lookup())
                    .findStatic(Addresses.class, name, MethodType.methodType(result, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

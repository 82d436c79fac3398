package dev.ipfence.bench.matcher;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Client addresses parsed per second on one thread: the hand-written strict dotted-quad path of
 * {@link Addresses#parseAddress} against the strict IPAddress library parse it falls back to
 * ({@code Addresses.parseAddressWithLibrary}), on the same 4,096 random IPv4 addresses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AddressParseBenchmark {

    private static final int COUNT = 1 << 12;

    String[] addresses;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(3);
        addresses = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            addresses[i] = IpAddress.ipv4(random.nextInt()).toString();
        }
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

    /** The package-private baseline of {@link Addresses#parseAddress}; a constant handle costs nothing once compiled. */
    private static final MethodHandle WITH_LIBRARY = withLibrary();

    private static MethodHandle withLibrary() {
        try {
            return MethodHandles.privateLookupIn(Addresses.class, MethodHandles.lookup())
                    .findStatic(
                            Addresses.class,
                            "parseAddressWithLibrary",
                            MethodType.methodType(IpAddress.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ipfence.bench.matcher;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.matcher.ChainMatcher;
import dev.ipfence.core.matcher.CompiledChain;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lookups per second of one thread, for one environment chain of {@code rules} rules: the compiled
 * matcher, the reference implementation, and a longest-prefix-match trie of the IPAddress library
 * built from the same rules (ranges as their spanning CIDR blocks, each keeping its rule).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatcherBenchmark {

    @Param({"1000", "100000", "1000000"})
    public int rules;

    /** Where the chain's allow list is (see {@link RuleCorpus.AllowList}). */
    @Param({"ENVIRONMENT", "ORGANIZATION"})
    public RuleCorpus.AllowList allowList = RuleCorpus.AllowList.ENVIRONMENT;

    /** Distinct probe addresses, a power of two: 65,536 spread lookups over the whole structure. */
    @Param({"65536"})
    public int probes = 1 << 16;

    RuleCorpus corpus;
    CompiledScope env;
    CompiledScope project;
    CompiledScope org;
    CompiledChain table;
    ScopeChain chain;
    IPv4AddressAssociativeTrie<Rule> trie4;
    IPv6AddressAssociativeTrie<Rule> trie6;
    IPAddress[] libraryProbes;
    IpFamily[] probeFamily;
    long[] probeHi;
    long[] probeLo;
    long now;
    Instant nowInstant;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        corpus = new RuleCorpus(rules, probes, 42, allowList);
        env = CompiledScope.compile(Scope.ENVIRONMENT, corpus.environment);
        project = CompiledScope.compile(Scope.PROJECT, corpus.project);
        org = CompiledScope.compile(Scope.ORG, corpus.org);
        chain = new ScopeChain(corpus.environment, corpus.project, corpus.org);
        nowInstant = Instant.parse("2026-06-01T00:00:00Z");
        now = Liveness.micros(nowInstant);
        table = CompiledChain.of(env, project, org, null, now);
        trie4 = new IPv4AddressAssociativeTrie<>();
        trie6 = new IPv6AddressAssociativeTrie<>();
        for (List<Rule> scope : List.of(corpus.environment, corpus.project, corpus.org)) {
            for (Rule rule : scope) {
                for (IPAddress block : library(rule.block())) {
                    if (block.isIPv4()) {
                        trie4.put(block.toIPv4(), rule);
                    } else {
                        trie6.put(block.toIPv6(), rule);
                    }
                }
            }
        }
        // each side gets its probes in its own form, made here side by side (not scattered over the heap)
        libraryProbes = new IPAddress[probes];
        probeFamily = new IpFamily[probes];
        probeHi = new long[probes];
        probeLo = new long[probes];
        for (int i = 0; i < probes; i++) {
            libraryProbes[i] = library(corpus.probes[i]);
            probeFamily[i] = corpus.probes[i].family();
            probeHi[i] = corpus.probes[i].hi();
            probeLo[i] = corpus.probes[i].lo();
        }
    }

    @Benchmark
    public Decision compiledMatcher() {
        int i = next++ & (probes - 1);
        return ChainMatcher.decide(env, project, org, probeFamily[i], probeHi[i], probeLo[i], null, now);
    }

    /** The chain's table of answers, as enforcement-service keeps it for large chains that get decisions. */
    @Benchmark
    public Decision chainTable() {
        int i = next++ & (probes - 1);
        return ChainMatcher.decide(table, probeFamily[i], probeHi[i], probeLo[i], null, now);
    }

    @Benchmark
    public Decision reference() {
        return AccessModel.decide(chain, corpus.probes[next++ & (probes - 1)], null, nowInstant);
    }

    @Benchmark
    public Object ipaddressTrie() {
        IPAddress probe = libraryProbes[next++ & (probes - 1)];
        return probe.isIPv4()
                ? trie4.longestPrefixMatchNode(probe.toIPv4())
                : trie6.longestPrefixMatchNode(probe.toIPv6());
    }

    static IPAddress library(IpAddress address) {
        if (address.family() == IpFamily.IPV4) {
            return new IPv4Address((int) address.lo());
        }
        return new IPv6Address(toBigInteger(address.hi(), address.lo()));
    }

    static IPAddress[] library(IpBlock block) {
        IPAddress first = library(block.first());
        IPAddress last = library(block.last());
        return first.spanWithPrefixBlocks(last);
    }

    private static BigInteger toBigInteger(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }
}

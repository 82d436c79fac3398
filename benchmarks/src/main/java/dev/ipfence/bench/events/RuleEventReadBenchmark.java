package dev.ipfence.bench.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Rule;
import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleEventReader;
import dev.ipfence.testing.EventJson;
import dev.ipfence.web.json.UtcInstantDeserializer;
import dev.ipfence.web.json.UtcInstantText;
import java.time.Instant;
import java.util.List;
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
 * Rule events of {@code ipfence.rules.v1} read per second on one thread, as enforcement-service
 * reads them when it replays the topic ({@link RuleEventReader}: JSON, addresses, the contract's
 * checks), with the services' reading of instants ({@link UtcInstantDeserializer}) against
 * Jackson's Java time module alone; and the instants alone, {@link UtcInstantText} against {@link
 * Instant#parse} (the formatter Jackson's module uses). 4,096 events of rules of the matcher corpus,
 * each created with a fraction of a second and every third expiring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleEventReadBenchmark {

    private static final int COUNT = 1 << 12;

    String[] keys;
    byte[][] values;
    String[] instants;
    RuleEventReader servicesInstants;
    RuleEventReader jacksonInstants;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ObjectMapper json = EventJson.MAPPER;
        List<Rule> rules = new RuleCorpus(COUNT, 1, 11).org;
        keys = new String[COUNT];
        values = new byte[COUNT][];
        instants = new String[COUNT];
        Instant now = Instant.parse("2026-12-01T09:30:00.123456Z");
        for (int i = 0; i < COUNT; i++) {
            Instant at = now.plusNanos(i * 1_001_000L);
            // created with a fraction of a second, and every third rule expiring: the instants a reader must get right
            Rule corpus = rules.get(i % rules.size());
            Rule rule = new Rule(
                    corpus.id(),
                    corpus.scope(),
                    corpus.scopeId(),
                    corpus.block(),
                    corpus.action(),
                    corpus.trafficScopes(),
                    true,
                    i % 3 == 0 ? at.plusSeconds(315_360_000).plusNanos(7_000) : null,
                    at.minusNanos(123_000));
            keys[i] = rule.id().toString();
            values[i] = json.writeValueAsBytes(new ChangeEvent<>(
                    ChangeEvent.EntityType.rule,
                    ChangeEvent.Change.created,
                    rule.id(),
                    rule.scopeId(),
                    1,
                    false,
                    "bench",
                    at,
                    RuleState.of(rule, rule.scopeId(), at, "bench", 1),
                    null));
            instants[i] = at.toString();
        }
        servicesInstants = new RuleEventReader(json.copy().registerModule(UtcInstantDeserializer.module()));
        jacksonInstants = new RuleEventReader(json);
    }

    @Benchmark
    public RuleEvent ruleEventServicesInstants() {
        int i = next++ & (COUNT - 1);
        return servicesInstants.read(keys[i], values[i]);
    }

    @Benchmark
    public RuleEvent ruleEventJacksonInstants() {
        int i = next++ & (COUNT - 1);
        return jacksonInstants.read(keys[i], values[i]);
    }

    @Benchmark
    public Instant instantText() {
        return UtcInstantText.parse(instants[next++ & (COUNT - 1)]);
    }

    @Benchmark
    public Instant instantFormatter() {
        return Instant.parse(instants[next++ & (COUNT - 1)]);
    }
}

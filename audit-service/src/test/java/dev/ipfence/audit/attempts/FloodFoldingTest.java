package dev.ipfence.audit.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.audit.attempts.FloodFolding.Incoming;
import dev.ipfence.audit.attempts.FloodFolding.Limits;
import dev.ipfence.audit.attempts.FloodFolding.Plan;
import dev.ipfence.audit.attempts.FloodFolding.StoredFold;
import dev.ipfence.audit.attempts.FloodFolding.WindowCount;
import dev.ipfence.audit.attempts.FloodFolding.WindowKey;
import dev.ipfence.core.address.Addresses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FloodFoldingTest {

    private static final UUID ENV = UUID.fromString("00000000-0000-0000-0000-0000000000e1");
    private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final Instant WINDOW = Instant.parse("2026-11-23T15:04:00Z");
    private static final FloodFolding FOLDING = new FloodFolding(new Limits(Duration.ofMinutes(1), 2, 2));
    private static final FoldKeys KEYS = new FoldKeys(Duration.ofMinutes(1));

    private long offset;

    @Test
    void belowTheBudgetEveryEventIsStoredAsReceived() {
        List<Incoming> batch = List.of(event("198.51.100.1", 1), event("2001:db8::1", 3));
        Plan plan = plan(batch);
        assertThat(plan.detailed()).extracting(AttemptRow::ipText).containsExactly("198.51.100.1", "2001:db8::1");
        assertThat(plan.folds()).isEmpty();
        assertThat(plan.newFoldRows()).isEmpty();
        assertThat(plan.replays()).isZero();
    }

    @Test
    void rotatingIpv6SourcesFoldPerSlash64AndWhatDoesNotFitIntoOneRestRow() {
        List<Incoming> batch = List.of(
                event("198.51.100.1", 1),
                event("198.51.100.2", 1),
                event("2001:db8:0:1::1", 2),
                event("2001:db8:0:1:ffff::9", 5),
                event("2001:db8:0:2::1", 1),
                event("2001:db8:0:3::1", 7),
                event("2001:db8:0:4::1", 1));
        Plan plan = plan(batch);

        assertThat(plan.detailed()).extracting(AttemptRow::ipText).containsExactly("198.51.100.1", "198.51.100.2");
        assertThat(plan.folds())
                .extracting(Fold::level, Fold::source, Fold::inet, Fold::attempts, Fold::events)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                (short) 1, "2001:db8:0:1::/64", "2001:db8:0:1::/64", 7L, 2L),
                        org.assertj.core.groups.Tuple.tuple(
                                (short) 1, "2001:db8:0:2::/64", "2001:db8:0:2::/64", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple((short) 2, "*", null, 8L, 2L));
        assertThat(plan.newFoldRows()).containsExactly(Map.entry(new WindowKey(ENV, WINDOW), 2));
        assertThat(plan.foldedEvents()).isEqualTo(5);
        Fold first = plan.folds().get(0);
        assertThat(first.first()).isEqualTo(WINDOW.plusSeconds(3));
        assertThat(first.last()).isEqualTo(WINDOW.plusSeconds(4));
        assertThat(first.partition()).isEqualTo(0);
        assertThat(first.offset()).isEqualTo(3);
    }

    @Test
    void ipv4FoldsPerAddressAndAllUnparseableTextTogether() {
        List<Incoming> batch = List.of(
                event("198.51.100.1", 1),
                event("198.51.100.2", 1),
                event("203.0.113.7", 1),
                event("203.0.113.7", 1),
                event("garbage, 10.0.0.1", 1),
                event("more garbage", 1));
        Plan plan = plan(batch);
        assertThat(plan.folds())
                .extracting(Fold::source, Fold::inet, Fold::events)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("203.0.113.7", "203.0.113.7", 2L),
                        org.assertj.core.groups.Tuple.tuple("unparseable", null, 2L));
    }

    @Test
    void aFoldedRowKeepsReasonRuleAndScopeWhileTheyAgreeAndSaysMixedOnceTheyDiffer() {
        UUID rule = UUID.randomUUID();
        List<Incoming> batch = new ArrayList<>(List.of(event("198.51.100.1", 1), event("198.51.100.2", 1)));
        // the source rows are full after two, so these go to the rest row
        batch.add(event("2001:db8:0:1::1", 1, "DENY_RULE", rule));
        batch.add(event("2001:db8:0:2::1", 1, "DENY_RULE", rule));
        batch.add(event("2001:db8:0:3::1", 1, "DENY_RULE", rule));
        batch.add(event("2001:db8:0:4::1", 1, "DENY_RULE", rule));
        Fold rest = plan(batch).folds().get(2);
        assertThat(rest.source()).isEqualTo("*");
        assertThat(rest.reason()).isEqualTo("DENY_RULE");
        assertThat(rest.ruleId()).isEqualTo(rule);
        assertThat(rest.trafficScope()).isEqualTo("http");

        batch.add(event("2001:db8:0:5::1", 1, "NOT_ALLOWLISTED", null));
        rest = plan(batch).folds().get(2);
        assertThat(rest.reason()).isEqualTo(FloodFolding.MIXED);
        assertThat(rest.ruleId()).isNull();
        assertThat(rest.trafficScope()).isEqualTo("http");
        assertThat(rest.attempts()).isEqualTo(3);
    }

    @Test
    void denialsOfDifferentPoliciesFromOneSourceFoldIntoARowPerPolicy() {
        UUID wiki = UUID.fromString("00000000-0000-0000-0000-00000000a001");
        UUID docs = UUID.fromString("00000000-0000-0000-0000-00000000a002");
        List<Incoming> batch = List.of(
                event("198.51.100.1", 1),
                event("198.51.100.2", 1),
                policyDenial("203.0.113.7", wiki),
                policyDenial("203.0.113.7", wiki),
                policyDenial("203.0.113.7", docs));
        assertThat(plan(batch).folds())
                .extracting(Fold::source, Fold::reason, Fold::policyId, Fold::events)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("203.0.113.7", "POLICY_DENY", wiki, 2L),
                        org.assertj.core.groups.Tuple.tuple("203.0.113.7", "POLICY_DENY", docs, 1L));
    }

    @Test
    void theBudgetCountsWhatTheWindowAlreadyHolds() {
        WindowKey window = new WindowKey(ENV, WINDOW);
        List<Incoming> batch = List.of(event("2001:db8:0:1::1", 1), event("2001:db8:0:2::1", 1));
        Plan plan = FOLDING.plan(batch, Set.of(), Map.of(), Map.of(window, new WindowCount(2, 1)));
        assertThat(plan.detailed()).isEmpty();
        assertThat(plan.folds()).extracting(Fold::source).containsExactly("2001:db8:0:1::/64", "*");
        assertThat(plan.newFoldRows()).containsExactly(Map.entry(window, 1));
    }

    @Test
    void eventsReadAgainAfterARestartAreNotCountedTwice() {
        WindowKey window = new WindowKey(ENV, WINDOW);
        Incoming stored = event("198.51.100.1", 1);
        Incoming foldedBefore = event("2001:db8:0:1::1", 4);
        Incoming foldedNow = event("2001:db8:0:1::2", 5);
        List<Incoming> batch = List.of(stored, foldedBefore, foldedNow);
        UUID sourceRow = KEYS.sourceFoldId(window, foldedBefore.attempt());
        Plan plan = FOLDING.plan(
                batch,
                Set.of(stored.attempt().id()),
                Map.of(sourceRow, new StoredFold(0, foldedBefore.offset())),
                Map.of(window, new WindowCount(2, 1)));
        assertThat(plan.detailed()).isEmpty();
        assertThat(plan.replays()).isEqualTo(2);
        assertThat(plan.folds()).singleElement().satisfies(fold -> {
            assertThat(fold.id()).isEqualTo(sourceRow);
            assertThat(fold.attempts()).isEqualTo(5);
            assertThat(fold.offset()).isEqualTo(foldedNow.offset());
        });
        assertThat(plan.newFoldRows()).isEmpty();

        // the same event id twice in one batch (a producer retry) counts once
        Incoming twice = event("198.51.100.9", 1);
        assertThat(plan(List.of(twice, twice)).detailed()).hasSize(1);
    }

    @Test
    void anOffsetOfAnotherPartitionIsNotMistakenForAReplay() {
        WindowKey window = new WindowKey(ENV, WINDOW);
        Incoming in = event("2001:db8:0:1::1", 4);
        UUID sourceRow = KEYS.sourceFoldId(window, in.attempt());
        Plan plan = FOLDING.plan(
                List.of(in),
                Set.of(),
                Map.of(sourceRow, new StoredFold(3, in.offset() + 100)),
                Map.of(window, new WindowCount(2, 2)));
        assertThat(plan.replays()).isZero();
        assertThat(plan.folds()).singleElement().extracting(Fold::attempts).isEqualTo(4L);
    }

    @Test
    void onlyWindowsThatMayPassTheBudgetNeedLookUps() {
        WindowKey full = new WindowKey(ENV, WINDOW);
        Incoming a = event("198.51.100.1", 1);
        Incoming later = new Incoming(
                new AttemptRow(
                        UUID.randomUUID(),
                        ENV,
                        ORG,
                        Addresses.parseAddress("198.51.100.2"),
                        "198.51.100.2",
                        "GET",
                        "/",
                        "shop.example",
                        WINDOW.plusSeconds(60),
                        WINDOW.plusSeconds(60),
                        "http",
                        null,
                        null,
                        "NOT_ALLOWLISTED",
                        1),
                0,
                99);
        Set<WindowKey> pressured = FOLDING.pressured(List.of(a, later), Map.of(full, new WindowCount(2, 0)));
        assertThat(pressured).containsExactly(full);
        assertThat(FOLDING.lookups(List.of(a, later), pressured))
                .containsExactlyInAnyOrder(
                        a.attempt().id(), KEYS.sourceFoldId(full, a.attempt()), KEYS.restFoldId(full));
        assertThat(FOLDING.pressured(List.of(a, later), Map.of())).isEmpty();
    }

    @Test
    void windowsAreAlignedOnTheEpoch() {
        FloodFolding fiveMinutes = new FloodFolding(new Limits(Duration.ofMinutes(5), 1, 1));
        AttemptRow at = event("198.51.100.1", 1).attempt();
        AttemptRow shifted = new AttemptRow(
                at.id(),
                ENV,
                ORG,
                at.address(),
                at.ipText(),
                at.method(),
                at.path(),
                at.target(),
                Instant.parse("2026-11-23T15:09:59.999Z"),
                Instant.parse("2026-11-23T15:09:59.999Z"),
                at.trafficScope(),
                null,
                null,
                at.reason(),
                1);
        assertThat(fiveMinutes.windowOf(shifted).start()).isEqualTo(Instant.parse("2026-11-23T15:05:00Z"));
    }

    @Test
    void generatedFloodsNeverPassTheRowBoundAndLoseNoAttempt() {
        Random random = new Random(14);
        FloodFolding folding = new FloodFolding(new Limits(Duration.ofMinutes(1), 50, 20));
        for (int round = 0; round < 20; round++) {
            List<Incoming> batch = new ArrayList<>();
            long attempts = 0;
            for (int i = 0; i < 5_000; i++) {
                long count = 1 + random.nextInt(10);
                attempts += count;
                String ip = random.nextInt(10) == 0
                        ? "198.51.100." + random.nextInt(256)
                        : "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":"
                                + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1 + i);
                AttemptRow row = new AttemptRow(
                        UUID.randomUUID(),
                        ENV,
                        ORG,
                        Addresses.parseAddress(ip),
                        ip,
                        "GET",
                        "/",
                        "shop.example",
                        WINDOW.plusMillis(random.nextInt(180_000)),
                        WINDOW.plusMillis(180_000),
                        "http",
                        null,
                        null,
                        random.nextBoolean() ? "NOT_ALLOWLISTED" : "DENY_RULE",
                        count);
                batch.add(new Incoming(row, 0, i));
            }
            Plan plan = folding.plan(batch, Set.of(), Map.of(), Map.of());
            Map<Instant, int[]> rows = new HashMap<>();
            plan.detailed()
                    .forEach(a -> rows.computeIfAbsent(folding.windowOf(a).start(), w -> new int[3])[0]++);
            for (Fold fold : plan.folds()) {
                Instant window = folding.windowOf(new AttemptRow(
                                null,
                                ENV,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                fold.first(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                0))
                        .start();
                rows.computeIfAbsent(window, w -> new int[3])[fold.level()]++;
            }
            assertThat(rows).hasSize(3);
            assertThat(rows.values()).allSatisfy(count -> {
                assertThat(count[0]).isEqualTo(50);
                assertThat(count[1]).isEqualTo(20);
                assertThat(count[2]).isEqualTo(1);
            });
            long stored = plan.detailed().stream().mapToLong(AttemptRow::count).sum()
                    + plan.folds().stream().mapToLong(Fold::attempts).sum();
            assertThat(stored).isEqualTo(attempts);
            assertThat(plan.detailed().size() + plan.foldedEvents()).isEqualTo(batch.size());
        }
    }

    private Plan plan(List<Incoming> batch) {
        return FOLDING.plan(batch, Set.of(), Map.of(), Map.of());
    }

    private Incoming event(String ip, long count) {
        return event(ip, count, "NOT_ALLOWLISTED", null);
    }

    private Incoming event(String ip, long count, String reason, UUID rule) {
        long at = offset;
        offset++;
        AttemptRow row = new AttemptRow(
                UUID.randomUUID(),
                ENV,
                ORG,
                address(ip),
                ip,
                "GET",
                "/orders/" + at,
                "shop.example",
                WINDOW.plusSeconds(1 + at),
                WINDOW.plusSeconds(1 + at),
                "http",
                rule,
                null,
                reason,
                count);
        return new Incoming(row, 0, at);
    }

    private Incoming policyDenial(String ip, UUID policy) {
        AttemptRow a = event(ip, 1, "POLICY_DENY", null).attempt();
        return new Incoming(
                new AttemptRow(
                        a.id(),
                        a.environmentId(),
                        a.orgId(),
                        a.address(),
                        a.ipText(),
                        a.method(),
                        a.path(),
                        a.target(),
                        a.first(),
                        a.last(),
                        a.trafficScope(),
                        null,
                        policy,
                        a.reason(),
                        a.count()),
                0,
                offset - 1);
    }

    private static dev.ipfence.core.address.IpAddress address(String ip) {
        try {
            return Addresses.parseAddress(ip);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

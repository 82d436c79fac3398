package dev.ipfence.enforcement.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenamedConfigKeysTest {

    private static final String TABLES_FROM = "ipfence.enforcement.matcher.chain-tables-from";
    private static final String RULES_MAX = "ipfence.enforcement.matcher.chain-tables-rules-max";

    @Test
    void deprecatedKeysConfigureTheNewOnesAndWarnOnceEach() {
        List<String> warnings = new ArrayList<>();
        SmallRyeConfig config = config(
                Map.of(
                        "ipfence.enforcement.matcher.merge-chains-from", "7",
                        "%test.ipfence.enforcement.matcher.merged-rules-max", "99"),
                new RenamedConfigKeys(warnings::add));

        for (int read = 0; read < 3; read++) {
            assertThat(config.getValue(TABLES_FROM, Integer.class)).isEqualTo(7);
            assertThat(config.getValue(RULES_MAX, Long.class)).isEqualTo(99L);
        }
        assertThat(warnings)
                .containsExactlyInAnyOrder(
                        "The configuration key ipfence.enforcement.matcher.merge-chains-from is deprecated and will"
                                + " be removed in the next release: use " + TABLES_FROM + " instead",
                        "The configuration key ipfence.enforcement.matcher.merged-rules-max is deprecated and"
                                + " will be removed in the next release: use " + RULES_MAX + " instead");
    }

    @Test
    void newKeysNeedNoAliasAndWarnNothing() {
        List<String> warnings = new ArrayList<>();
        SmallRyeConfig config = config(Map.of(TABLES_FROM, "5"), new RenamedConfigKeys(warnings::add));

        assertThat(config.getValue(TABLES_FROM, Integer.class)).isEqualTo(5);
        assertThat(config.getOptionalValue(RULES_MAX, Long.class)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theAliasIsRegisteredForDiscovery() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(
                        Map.of("ipfence.enforcement.matcher.merge-chains-from", "3"), "test", 100))
                .build();

        assertThat(config.getValue(TABLES_FROM, Integer.class)).isEqualTo(3);
    }

    @Test
    void theConfigMappingReadsADeprecatedKeyAndKnowsItsName() {
        List<String> warnings = new ArrayList<>();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptors(new RenamedConfigKeys(warnings::add))
                .withMapping(EnforcementConfig.Matcher.class, "ipfence.enforcement.matcher")
                .withValidateUnknown(true)
                .withSources(new PropertiesConfigSource(
                        Map.of("ipfence.enforcement.matcher.merged-rules-max", "1234"), "test", 100))
                .build();

        EnforcementConfig.Matcher matcher =
                config.getConfigMapping(EnforcementConfig.Matcher.class, "ipfence.enforcement.matcher");
        assertThat(matcher.chainTablesRulesMax()).isEqualTo(1234L);
        assertThat(matcher.chainTablesFrom()).isEqualTo(20_000);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void otherKeysAreLeftAlone() {
        assertThat(RenamedConfigKeys.deprecatedName("ipfence.enforcement.trusted-proxies"))
                .isEqualTo("ipfence.enforcement.trusted-proxies");
        assertThat(RenamedConfigKeys.deprecatedName("%dev." + TABLES_FROM))
                .isEqualTo("%dev.ipfence.enforcement.matcher.merge-chains-from");
        assertThat(RenamedConfigKeys.newName("%dev.ipfence.enforcement.matcher.merge-chains-from"))
                .isEqualTo("%dev." + TABLES_FROM);
        assertThat(RenamedConfigKeys.newName("ipfence.enforcement.trusted-proxies"))
                .isEqualTo("ipfence.enforcement.trusted-proxies");
    }

    private static SmallRyeConfig config(Map<String, String> properties, RenamedConfigKeys renamed) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("test")
                .withInterceptors(renamed)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}

package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class TopicIdsTest {

    @Test
    void aTopicIdIsKeptAsText() {
        Uuid id = Uuid.randomUuid();

        assertThat(TopicIds.known(id)).isEqualTo(id.toString());
    }

    @Test
    void anAdminClientThatCannotBeMadeGivesNoIdInsteadOfFailingTheReplay() {
        // no bootstrap server at all: the admin client refuses its configuration
        assertThat(TopicIds.of(Map.of("bootstrap.servers", ""), "ipfence.rules.v1"))
                .isNull();
    }

    @Test
    void theZeroIdOfAnOldBrokerNamesNoTopic() {
        // every topic of a broker older than 2.8 has it: two topics of one name would look the same
        assertThat(TopicIds.known(Uuid.ZERO_UUID)).isNull();
        assertThat(TopicIds.known(null)).isNull();
    }
}

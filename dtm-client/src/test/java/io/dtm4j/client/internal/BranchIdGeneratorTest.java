package io.dtm4j.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BranchIdGeneratorTest {

    @Test
    void countsFromOneWithTwoDigitsAfterTheParent() {
        BranchIdGenerator root = new BranchIdGenerator("");
        BranchIdGenerator nested = new BranchIdGenerator("02");

        assertThat(List.of(root.next("g"), root.next("g"))).containsExactly("01", "02");
        assertThat(List.of(nested.next("g"), nested.next("g"))).containsExactly("0201", "0202");
    }

    @Test
    void refusesTheHundredthChild() {
        BranchIdGenerator gen = new BranchIdGenerator("01");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            ids.add(gen.next("g"));
        }

        assertThat(ids).startsWith("0101").endsWith("0199").doesNotHaveDuplicates();
        assertThatThrownBy(() -> gen.next("g-7")).hasMessageContaining("gid 'g-7'")
                .hasMessageContaining("99 sub-branches");
    }

    @Test
    void refusesParentsOfTwentyCharactersOrMore() {
        assertThat(new BranchIdGenerator("0".repeat(19)).next("g")).hasSize(21);
        assertThatThrownBy(() -> new BranchIdGenerator("0".repeat(20)).next("g"))
                .hasMessageContaining("20+ characters");
    }
}

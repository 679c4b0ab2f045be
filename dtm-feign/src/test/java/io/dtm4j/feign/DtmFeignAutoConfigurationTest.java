package io.dtm4j.feign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DtmFeignAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DtmFeignAutoConfiguration.class));

    @Test
    void registersTheInterceptorUnlessSwitchedOffOrDefinedByTheApplication() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(DtmContextInterceptor.class));
        runner.withPropertyValues("dtm.feign.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DtmContextInterceptor.class));
        DtmContextInterceptor own = new DtmContextInterceptor(7);
        runner.withBean(DtmContextInterceptor.class, () -> own)
                .run(ctx -> assertThat(ctx.getBean(DtmContextInterceptor.class).getOrder()).isEqualTo(7));
    }

    /** The switch the auto-configuration reads is described, with its default, for the IDE. */
    @Test
    void theSwitchHasIdeMetadataMatchingTheCondition() throws Exception {
        ConditionalOnProperty condition = DtmFeignAutoConfiguration.class.getAnnotation(ConditionalOnProperty.class);
        String name = condition.prefix() + "." + condition.name()[0];
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("dtm-feign ships META-INF/spring-configuration-metadata.json").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        JsonNode property = null;
        for (JsonNode p : metadata.get("properties")) {
            if (p.get("name").asText().equals(name)) {
                property = p;
            }
        }
        assertThat(property).as("metadata for %s", name).isNotNull();
        assertThat(property.get("type").asText()).isEqualTo("java.lang.Boolean");
        assertThat(property.get("defaultValue").asBoolean()).isEqualTo(condition.matchIfMissing());
        assertThat(property.get("description").asText()).isNotBlank();
    }
}

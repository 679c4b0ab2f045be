package io.dtm4j.spring.autoconfigure;

import io.dtm4j.spring.DtmConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a {@link DtmConfigurationException} that stopped the start as Spring Boot's "APPLICATION FAILED TO START"
 * report: what is wrong, then the action to take.
 */
public class DtmFailureAnalyzer extends AbstractFailureAnalyzer<DtmConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DtmConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.remedy(), cause);
    }
}

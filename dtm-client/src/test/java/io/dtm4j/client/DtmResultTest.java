package io.dtm4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmResultTest {

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "200 | {\"dtm_result\":\"SUCCESS\"}                 | SUCCESS",
        "200 | ''                                          | SUCCESS",
        "200 | NULL                                        | SUCCESS",
        "409 | {\"dtm_result\":\"FAILURE\",\"message\":\"x\"} | FAILURE",
        "409 | ''                                          | FAILURE",
        "425 | {\"dtm_result\":\"ONGOING\"}                 | ONGOING",
        "425 | ''                                          | ONGOING",
        "500 | {\"message\":\"boom\"}                       | ERROR",
        "502 | bad gateway                                 | ERROR",
        "404 | not found                                   | ERROR",
        "400 | bad request                                 | ERROR",
        "201 | created                                     | ERROR",
        // the legacy substring rule, in both directions
        "200 | {\"dtm_result\":\"FAILURE\"}                 | FAILURE",
        "200 | {\"dtm_result\":\"ONGOING\"}                 | ONGOING",
        "500 | {\"message\":\"x FAILURE\"}                   | FAILURE",
        "500 | still ONGOING                               | ONGOING",
        "409 | ONGOING                                     | ONGOING",
        "425 | FAILURE                                     | ONGOING",
        "200 | failure in lower case is not the sentinel   | SUCCESS",
    })
    void classifiesAnswersLikeDtm(int status, String body, DtmResult expected) {
        assertThat(DtmResult.of(status, body)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,200", "FAILURE,409", "ONGOING,425", "ERROR,500"})
    void eachResultMapsToTheStatusABranchAnswers(DtmResult result, int status) {
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(DtmResult.of(status, "")).isEqualTo(result);
    }
}

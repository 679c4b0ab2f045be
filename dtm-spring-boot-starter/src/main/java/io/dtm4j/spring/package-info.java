/**
 * Spring Boot integration for DTM: {@code DtmTemplate}, the {@code @DtmSaga}/{@code @DtmTcc}/{@code @DtmMsg}
 * annotations and the barrier inside the caller's Spring transaction. Not implemented yet: see issue 5.
 */
package io.dtm4j.spring;

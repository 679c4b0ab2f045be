/**
 * Spring MVC support for DTM branch handlers: the {@link io.dtm4j.client.BranchContext} argument and the mapping of
 * DTM outcomes to HTTP answers.
 */
package io.dtm4j.spring.web;

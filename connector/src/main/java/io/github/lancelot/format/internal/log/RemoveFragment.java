package io.github.lancelot.format.internal.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Removes the fragment with this id from the table as of the commit's version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoveFragment(long id) {}

package io.github.lancelot.format.internal.log;

/** Removes the fragment with this id from the table as of the commit's version. */
public record RemoveFragment(long id) {}

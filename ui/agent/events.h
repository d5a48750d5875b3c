/*
 * events.h -- the agent side of the UI <-> agent protocol (its names and
 * version: proto/protocol.h): with --events an agent command writes one
 * compact JSON object per line on stdout, "hello" first, and reads
 * answers, one line each, on stdin.  Nothing else reaches stdout:
 * events_start() moves the real stdout aside for the events and points
 * stdout and stderr at the original stderr (remembering the last
 * diagnostic line, which becomes the "done" message when the command
 * names none).
 */
#ifndef OUTPOST_EVENTS_H
#define OUTPOST_EVENTS_H

#include <jansson.h>

#include "proto/protocol.h"
#include "work/send.h"

/* Remove "--events" from argv (before "--"); 1 when it was there. */
int events_take_flag(int *, char **);

/* Enter events mode and say hello; -1 when stdout cannot be taken over. */
int events_start(void);
int events_active(void);

/* A new event object {"ev": name}; add fields, then events_emit. */
json_t *events_new(enum proto_event);
/* Write it as one line and flush; steals the reference. */
void events_emit(json_t *);
/* json_object_set_new with a string that may be NULL (then ""). */
void events_set_str(json_t *, const char *, const char *);

/* {"ev":"queued","id":ID,"draft":DRAFT} (draft may be NULL). */
void	    events_emit_queued(const char *, const char *);
void	    events_note(const char *);
void	    events_say(const char *);
void	    events_source(enum send_source);
const char *events_source_name(enum send_source);

/* The message of the "done" event (the last call wins). */
void events_message(const char *, ...) __attribute__((format(printf, 1, 2)));
/* {"ev":"done","status":N,"message":...}; once, always the last line. */
void events_done(int);

/* ask/confirm/say over the pipe. */
extern const struct send_prompt events_prompt;
/* events_prompt in events mode, else the terminal's. */
const struct send_prompt *events_or_cli_prompt(void);

#endif

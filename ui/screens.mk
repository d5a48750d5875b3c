# ui/screens.mk -- the sources of each screen, one variable per screen so
# that the screens grow apart: UI_*_FILES are the screen (ui/local.mk
# adds them to ui/outpost), UI_*_MODEL its curses-free model (in
# ui/libopui.a, which the unit tests link).
UI_SETTINGS_FILES = ui/settings/screen-settings.c ui/settings/settings-test.c \
	ui/settings/settings-test.h ui/settings/settings-run.c \
	ui/settings/settings-int.h
UI_SETTINGS_MODEL = ui/settings/settings-model.c ui/settings/settings-model.h \
	ui/settings/settings-display.c ui/settings/settings-save.c \
	ui/settings/settings-save.h
UI_COMPOSER_FILES = ui/composer/screen-composer.c ui/composer/composer-int.h \
	ui/composer/composer-draw.c ui/composer/composer-complete.c \
	ui/composer/composer-send.c ui/composer/composer-drafts.c \
	ui/composer/composer-draftlist.c \
	ui/composer/composer-editor.c ui/composer/composer-text.c \
	ui/composer/composer-spell.c
UI_COMPOSER_MODEL = ui/composer/composer-model.c ui/composer/composer-model.h \
	ui/composer/complete.c ui/composer/complete-query.c \
	ui/composer/complete.h
UI_OUTBOX_FILES = ui/outbox/screen-outbox.c ui/outbox/outbox-int.h \
	ui/outbox/outbox-actions.c ui/outbox/outbox-jobs.c
UI_OUTBOX_MODEL = ui/outbox/outbox-model.h ui/outbox/outbox-model.c \
	ui/outbox/outbox-format.c ui/outbox/outbox-text.c

# ui/screens.mk -- the sources of each screen, one variable per screen so
# that the screens grow apart: UI_*_FILES are the screen (ui/local.mk
# adds them to ui/outpost), UI_*_MODEL its curses-free model (in
# ui/libopui.a, which the unit tests link).
UI_SETTINGS_FILES = ui/screen-settings.c ui/settings-test.c ui/settings-test.h \
	ui/settings-run.c ui/settings-int.h
UI_SETTINGS_MODEL = ui/settings-model.c ui/settings-model.h \
	ui/settings-display.c ui/settings-save.c ui/settings-save.h
UI_COMPOSER_FILES = ui/screen-composer.c ui/composer-int.h \
	ui/composer-draw.c ui/composer-complete.c ui/composer-send.c \
	ui/composer-drafts.c ui/composer-editor.c
UI_COMPOSER_MODEL = ui/composer-model.c ui/composer-model.h \
	ui/complete.c ui/complete-query.c ui/complete.h
UI_OUTBOX_FILES = ui/screen-outbox.c ui/outbox-screen.h ui/outbox-actions.c \
	ui/outbox-jobs.c
UI_OUTBOX_MODEL = ui/outbox-model.h ui/outbox-model.c ui/outbox-format.c \
	ui/outbox-text.c

/*
 * tests/bench/floor.c -- the floor of `make bench`'s start-up figure
 * (issue 9, item 1): the least a ncursesw program does to show a screen.
 * initscr, draw one line, refresh, then wait for a key as an interactive
 * program would (the harness kills it once the screen is drawn).
 */

#include <curses.h>
#include <locale.h>

int
main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	mvaddstr(0, 0, "outpost bench floor: a bare ncursesw program");
	refresh();
	getch();
	endwin();
	return (0);
}

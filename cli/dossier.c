/* Placeholder until the command table lands. */
#include <stdio.h>
int main(void) { puts("dossier"); return 0; }

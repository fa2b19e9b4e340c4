/* The valid program that mkbad corrupts. */
int main(void)
{
	return 0;
}

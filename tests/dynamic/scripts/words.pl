# perl: a hash of stdin's lines, sort, sprintf, a child through backticks.
my %count;
$count{$_}++ for <STDIN>;
print map { chomp(my $k = $_); "$k: $count{$_}\n" } sort keys %count;
print `echo from a child`;
printf "%.5f\n", atan2(1, 1) * 4;
exit 3;

# git init, add, commit and log in a fresh repository; fixed dates, so the commit
# hash is the same on every run.
export GIT_AUTHOR_DATE='2024-02-03T04:05:06Z' GIT_COMMITTER_DATE='2024-02-03T04:05:06Z'
git init -q repo && cd repo || exit 1
cp ../words.txt . && git add words.txt
git -c user.name=emu -c user.email=emu@example.org commit -q -m 'first commit'
echo more >>words.txt
git -c user.name=emu -c user.email=emu@example.org commit -q -a -m 'second commit'
git log --format='%H %an %s'
git diff --stat HEAD~1
git status --short --branch

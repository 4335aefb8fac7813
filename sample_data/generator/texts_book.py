"""Narrative templates for the generated books (English and Chinese), written for this corpus."""
# ruff: noqa: E501  (prose data: one template per line reads better than wrapped strings)

from __future__ import annotations

from .common import pool

OPENERS = pool("""
In the grey hour before dawn,

By the time the tide had turned,

Later that afternoon,

When the wind dropped at last,

For a long while afterwards,

On the morning of the fair,

Without quite knowing why,

Once the lamps were lit,

Even then,

At the far end of the causeway,

All through that wet October,

Before anyone else was awake,

Halfway through supper,

Long after the others had gone,

As the bell at Carrow Head rang the hour,

With the last of the light behind her,
""")

NARRATION = pool("""
{a} stood at the window and watched the water creep over the mudflats.

{a} had never trusted the ferry, and said so to anyone who would listen.

the smell of salt and tar hung over {place} like an old coat.

{a} found the letter wedged behind the clock, its seal already broken.

{b} came up the path with a basket of eels and a face like thunder.

nobody in {place} spoke of the drowned mill, though everyone remembered it.

the gulls wheeled over the harbour wall, shrieking at nothing in particular.

{a} counted the coins twice and still came up a shilling short.

{b} had the habit of humming when he was worried, and he hummed a great deal that winter.

the marsh lay silver and silent, cut through with channels that shifted every spring.

{a} walked the long way round so as not to pass the surveyor's lodgings.

a cart rattled past the chapel, loaded high with sacks of salt.

{b} leaned on the gate and asked, without much interest, where she had been.

{a} thought of her mother's hands, red from the brine pans, and felt suddenly tired.

the lamp in the ferry house burned all night, which was unusual.

{a} folded the map and hid it beneath the loose board by the hearth.

rain came in sideways off the estuary, rattling the shutters like loose teeth.

{b} laughed at that, though it was plain he did not think it funny.

{a} heard footsteps on the shingle and held her breath until they passed.

the old ledger was heavier than it looked, bound in cracked green leather.

{b} had once rowed the whole width of the estuary in a storm, or so he claimed.

{a} lay awake, listening to the house settle and the sea breathe below it.

the fire had burned down to a sullen orange glow by the time they finished talking.

{a} knew every stone of {place}, but that night the lanes seemed strange to her.

{b} kept his cap pulled low and his hands in his pockets the whole way to market.

the ferry bumped against the jetty and a boy jumped ashore with the rope.

{a} wrote three pages to her cousin in the city and burned every one of them.

the surveyor's chains lay coiled on the table like something asleep.

{b} said the salt road had been there before the village and would be there after it.

{a} could not decide whether she was angry or simply afraid.

a single heron stood in the shallows, patient as a clergyman.

{b} took the ledger without a word and turned its pages very slowly.

the church clock had been stopped at twenty past four for as long as anyone could recall.

{a} pulled her shawl tighter and stepped out onto the causeway.

the tide tables pinned to the door were two years out of date.

{b} was waiting by the boats, his lantern swinging in a slow, steady arc.

{a} felt, for the first time, that the village was watching her.

the water in the brine pans had frozen at the edges, thin as window glass.

{b} spat into the fire and declared that no good ever came from London men.

{a} remembered the song her father used to sing on the long crossings.

mist rolled over {place} so thickly that the chapel vanished altogether.

{a} slipped the key into her pocket and told no one, not even {b}.

the path to Carrow Head was slick with weed and broken shells.

{b} had mended nets for forty years and could tell the weather by the ache in his thumb.

{a} understood, too late, what the surveyor had been measuring.
""")

DIALOGUE = pool("""
You will catch your death out there, and then who will mind the pans?

I never said I saw him. I said I saw a light.

The ledger is not yours to give away, and it is not mine either.

Tides do not wait for gentlemen, however fine their boots.

If the road goes, the village goes with it. Anyone can see that.

Sit down, girl, and drink your tea before it goes cold.

There is more in that book than figures, mark my words.

He asked about the old sluice gate. Why would a stranger care about that?

I have rowed this water since before you were born.

Say nothing to your uncle until we are sure.

What is it you are afraid of, exactly?

The marsh gives, and the marsh takes back. My mother used to say so.

You have the look of someone who has been reading other people's letters.

Let him measure what he likes. The sea will have the last word.

I would sooner sell the boat than ferry that man across again.

We could leave, you know. People do.
""")

TAGS = pool("""
said {b}

{b} replied, without looking up

{b} muttered

{a} said quietly

{b} called from the doorway

{a} answered after a moment

said {b}, scraping his boots on the step

{a} whispered
""")

VERSE = """Down by the salt road, down by the sea,
The lamps of the ferry are calling for me;
The tide has its reasons, the marsh has its ways,
And the heron stands grey at the end of the days.
So row, my love, row, while the water is wide,
There is room in the boat and the night on our side."""

CHAPTERS = ["The Ferry at Dunmere", "A Letter Behind the Clock", "The Ferryman's Song",
            "Chains and Measures", "The Drowned Mill", "Fog on the Causeway",
            "What the Ledger Said", "The Sluice Gate", "A Lantern on the Water",
            "The Last Crossing"]

ZH_NARRATION = pool("""
天刚蒙蒙亮，{a}就已经站在江边的石阶上了。

那一年的秋天来得特别早，院子里的梧桐叶落了一地。

{b}提着一盏旧马灯，从巷子深处慢慢走过来。

渡口的船工都说，今年的水比往年涨得快。

{a}把那封信反复看了好几遍，始终没有拆开。

镇上的人很少提起那座被水淹掉的磨坊，可谁也没有忘记。

雨下了整整三天，屋檐下的水缸早就满了。

{b}坐在门槛上抽烟，一句话也不说。

母亲在世的时候，每到这个季节都要腌一坛咸菜。

{a}走到桥头，回头看了一眼，灯还亮着。

夜里的江风很冷，吹得窗纸沙沙作响。

{b}说，这条路比镇子还要老，镇子没了，路还会在。

{a}心里明白，有些事情一旦开了头，就再也停不下来。

茶馆里照旧坐满了人，说书先生讲到一半，忽然停了下来。

{b}把账本推到桌子中间，示意{a}自己去看。

那本账本的封皮已经磨破了，边角卷得厉害。

{a}想起小时候，父亲常在渡船上唱一支很长的歌。

街口卖豆腐的老张头，每天天不亮就开始吆喝。

{b}的手很粗糙，那是几十年撑船留下的痕迹。

码头上堆着一袋袋的粗盐，在阳光下白得刺眼。

{a}把钥匙藏进衣袋里，谁也没有告诉。

江面上起了雾，对岸的山一下子看不见了。

{b}叹了一口气，说这世道变得太快了。

那个外地来的测量员，每天都扛着一根长长的标尺在河滩上走来走去。

{a}隐隐觉得，镇上的人都在暗中打量她。

灶膛里的火快要熄了，{a}添了一把柴。

{b}年轻的时候，曾经在一场大风里把船从江心撑了回来。

巷子两边的墙上长满了青苔，踩上去滑溜溜的。

{a}给远在省城的表姐写了一封信，写完又撕了。

晚饭只有一碗稀粥和一碟咸菜，可谁也没有抱怨。

{b}坐在船头，望着远处的灯火，很久没有说话。

钟楼上的大钟早就停了，指针一直停在四点二十分。

{a}把围巾裹紧了一些，踏上了长长的堤坝。

河滩上的芦苇长得比人还高，风一吹就哗哗地响。

{b}说外面来的人没有一个是好心的，这话{a}并不全信。

{a}终于明白，那个测量员究竟在量什么。

天黑以后，镇上只剩下几家铺子还亮着灯。

{b}在门口等了很久，直到看见{a}的身影才松了一口气。

那年冬天格外冷，盐田边上的水都结了一层薄冰。

{a}忽然觉得，自己好像从来没有真正了解过这个地方。

第二天一早，渡口贴出了一张告示，围了很多人看。

{b}看完告示，一句话也没说，转身回了家。

{a}跟着人群走到镇公所门口，里面正在吵吵嚷嚷。

有人说要搬走，也有人说死也不离开祖上留下的房子。

{b}的女儿从城里回来了，穿着一身新衣裳，显得有些拘谨。

她在镇上只住了三天，走的时候一再劝{b}跟她去城里。

{a}送她到渡口，两个人站在雨里，谁也没有先开口。

船开远了，{a}才发现自己手里还攥着那把旧伞。
""", joiner="")

ZH_CHAPTERS = ["渡口", "钟后的信", "船工的歌", "测量员", "水下的磨坊", "堤上大雾", "账本里的秘密",
               "告示", "镇公所", "城里来的人", "雨中的伞", "最后一班渡船"]

ZH_OPENERS = ["第二天，", "傍晚时分，", "过了几天，", "那天夜里，", "不知过了多久，", "天快黑的时候，",
              "吃过午饭，", "一连好几天，", "到了腊月，", "说来也怪，", "后来，", "这时候，"]
